import { createHash } from 'node:crypto';
import { filePath, type FilePatch } from './diff-types.js';

/** The fingerprint of one hunk as written (forward) and as its exact undo would be written (inverse). */
export interface HunkPrint {
  readonly forward: string;
  readonly inverse: string;
}

const ZERO_BLOB = /^0+$/;
const hash = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex');
/** Whitespace noise removed: runs of whitespace become one space, ends trimmed, blank lines dropped. */
const normalise = (lines: readonly string[], sign: '+' | '-') =>
  lines
    .filter((l) => l.startsWith(sign))
    .map((l) => l.slice(1).replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');

/**
 * Normalised fingerprints of every hunk of a patch: the file path, the removed lines and the added lines, without
 * line numbers, context or whitespace noise, so that a patch and its revert match wherever the hunk sits. A binary
 * change is fingerprinted by its blob ids. Whitespace-only hunks carry no fingerprint.
 */
export function buildHunkPrints(files: readonly FilePatch[]): HunkPrint[] {
  const out: HunkPrint[] = [];
  for (const f of files) {
    const path = filePath(f);
    if (f.binary) {
      if (f.oldBlob && f.newBlob && !ZERO_BLOB.test(f.oldBlob) && !ZERO_BLOB.test(f.newBlob))
        out.push({ forward: hash(path, 'binary', f.oldBlob, f.newBlob), inverse: hash(path, 'binary', f.newBlob, f.oldBlob) });
      continue;
    }
    for (const h of f.hunks) {
      const [removed, added] = [normalise(h.lines, '-'), normalise(h.lines, '+')];
      if (removed === added) continue;
      out.push({ forward: hash(path, removed, added), inverse: hash(path, added, removed) });
    }
  }
  return out;
}
