/** The parsed form of a git diff: one FilePatch per file section. */

export interface DiffHunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  /** The hunk's body lines as written, each starting with ' ', '+', '-' or '\' ("\ No newline at end of file"). */
  readonly lines: readonly string[];
}

export type FileChange = 'modified' | 'added' | 'deleted' | 'renamed' | 'copied';

/** The forward half of a `GIT binary patch` block. */
export interface BinaryPatch {
  readonly kind: 'literal' | 'delta';
  /** For literal: the size in bytes of the new content; for delta: the size of the delta. */
  readonly size: number;
}

export interface FilePatch {
  /** 1-based line of the section's first header, for messages. */
  readonly line: number;
  readonly change: FileChange;
  /** Repo-relative path before the change (git's a/ prefix removed); null when the file is created. */
  readonly oldPath: string | null;
  /** Repo-relative path after the change; null when the file is deleted. */
  readonly newPath: string | null;
  readonly oldMode?: string;
  readonly newMode?: string;
  /** Blob ids from the `index` line (full with --full-index). */
  readonly oldBlob?: string;
  readonly newBlob?: string;
  readonly binary: boolean;
  /** Present when the binary change carries data (git diff --binary). */
  readonly binaryPatch?: BinaryPatch;
  readonly hunks: readonly DiffHunk[];
  readonly insertions: number;
  readonly deletions: number;
}

export interface DiffParseError {
  /** 1-based line of the diff text. */
  readonly line: number;
  readonly message: string;
  /**
   * The text is not one git writes, in a way that makes git apply write elsewhere than the headers say (a path
   * without git's a/ b/ prefix): the artifact lies about itself, and is quarantined as forged, not just rejected.
   */
  readonly forged?: boolean;
}

export type DiffParseResult =
  | { readonly ok: true; readonly files: readonly FilePatch[] }
  | { readonly ok: false; readonly errors: readonly DiffParseError[] };

/** The path a file patch is known by: its new path, or the old one when the file is deleted. */
export const filePath = (f: FilePatch): string => f.newPath ?? f.oldPath ?? '';

/** Every path a file patch touches: both paths of a rename or copy, once each. */
export const touchedPaths = (f: FilePatch): string[] =>
  [...new Set([f.oldPath, f.newPath].filter((p): p is string => p !== null))];

export const SYMLINK_MODE = '120000';
export const GITLINK_MODE = '160000';
