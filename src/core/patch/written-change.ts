import { GITLINK_MODE, SYMLINK_MODE, type FilePatch } from './diff-types.js';

/**
 * One path that a patch's commit changes, read from git's objects (the base tree against the tree git wrote, without
 * rename detection): what actually lands, whatever the diff's headers say.
 */
export interface WrittenChange {
  readonly path: string;
  /** Null when the path is created. */
  readonly oldMode: string | null;
  /** Null when the path is deleted. */
  readonly newMode: string | null;
  readonly newId: string | null;
  /** Size in bytes of the new blob (absent for deletions and gitlinks). */
  readonly size?: number;
  /** The new blob's content when newMode is a symlink: the link's target. */
  readonly linkTarget?: string;
}

export const isSymlink = (c: WrittenChange) => c.newMode === SYMLINK_MODE;
export const isGitlink = (c: WrittenChange) => c.newMode === GITLINK_MODE || (c.oldMode === GITLINK_MODE && c.newMode !== null);

/**
 * What the parsed diff says git will write, path by path: the final mode of each path it writes (undefined when the
 * diff does not say, as in a hand-made diff without index or mode lines), or null for a path it removes. A copy's
 * source is read, not written; a rename removes its source.
 */
export function expectedWrites(files: readonly FilePatch[]): Map<string, string | null | undefined> {
  const out = new Map<string, string | null | undefined>();
  for (const f of files) {
    if (f.oldPath !== null && f.change !== 'copied' && f.oldPath !== f.newPath) out.set(f.oldPath, null);
    if (f.newPath !== null) out.set(f.newPath, f.newMode ?? (f.change === 'added' ? '100644' : f.oldMode));
  }
  return out;
}
