/** The JavaScript package manager found by package-manager-detector (the adapter runs it). */
export interface NodeAgent {
  readonly name: string;
  readonly agent: string;
  readonly version?: string;
  /** The lockfile that decided it, when one did. */
  readonly lockfile?: string;
}

/**
 * What the detectors read: the repository's file list and the contents of the files they asked for
 * (wantsContent). Built by an adapter; every detector is a pure function of it.
 */
export interface RepoSnapshot {
  /** Every file, relative to the repository root with '/', sorted. */
  readonly files: readonly string[];
  /** The text of the files wantsContent chose and that could be read. */
  readonly contents: ReadonlyMap<string, string>;
  /** Sizes in bytes of documentation and SQL files (for the profile selector). */
  readonly sizes: ReadonlyMap<string, number>;
  readonly nodeAgent?: NodeAgent;
}

export const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
export const dirName = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.');
