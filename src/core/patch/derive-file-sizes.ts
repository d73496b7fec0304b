import type { FilePatch } from './diff-types.js';

const encoder = new TextEncoder();

/**
 * The sizes after the patch that the diff alone tells: created text files (their whole content is in the hunk)
 * and binary files carried as literals. Modified text files need the repository (see the adapters); `measured`
 * sizes, when given, take precedence.
 */
export function deriveFileSizes(
  files: readonly FilePatch[],
  measured: ReadonlyMap<string, number> = new Map(),
): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const f of files) {
    if (f.newPath === null) continue;
    if (f.binaryPatch?.kind === 'literal') sizes.set(f.newPath, f.binaryPatch.size);
    else if (f.change === 'added' && !f.binary) {
      let bytes = 0;
      for (const h of f.hunks) {
        for (const l of h.lines) {
          if (l.startsWith('+')) bytes += encoder.encode(l.slice(1)).length + 1;
          else if (l.startsWith('\\')) bytes -= 1;
        }
      }
      sizes.set(f.newPath, Math.max(0, bytes));
    }
  }
  for (const [p, n] of measured) sizes.set(p, n);
  return sizes;
}
