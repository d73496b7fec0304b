import type { BinaryPatch, DiffParseError } from './diff-types.js';

/** A line of git's base85 binary data: a length character (A-Z: 1-26 bytes, a-z: 27-52) and 5-character groups. */
const DATA_LINE = /^[A-Za-z][0-9A-Za-z!#$%&()*+;<=>?@^_`{|}~-]{5,}$/;
const BLOCK_HEADER = /^(literal|delta) (\d{1,12})$/;

export type BinaryBlockResult =
  | { readonly ok: true; readonly patch: BinaryPatch }
  | { readonly ok: false; readonly error: DiffParseError };

/** Reads one block (`literal N` or `delta N`, data lines, a blank line) at `lines[i]`; returns where it ends. */
function readBlock(
  lines: readonly string[],
  i: number,
  end: number,
): { ok: true; patch: BinaryPatch; next: number } | { ok: false; error: DiffParseError } {
  const m = BLOCK_HEADER.exec(lines[i] ?? '');
  if (!m) return { ok: false, error: { line: i + 1, message: 'expected "literal <size>" or "delta <size>" in a binary patch' } };
  let j = i + 1;
  while (j < end && lines[j] !== '') {
    if (!DATA_LINE.test(lines[j]!))
      return { ok: false, error: { line: j + 1, message: 'malformed line of binary patch data' } };
    j++;
  }
  if (j === i + 1) return { ok: false, error: { line: i + 1, message: 'binary patch block without data' } };
  return { ok: true, patch: { kind: m[1] as BinaryPatch['kind'], size: Number(m[2]) }, next: j + 1 };
}

/**
 * Parses a `GIT binary patch` section body: `lines[i]` is the line after "GIT binary patch". A forward block is
 * required and a reverse block may follow; nothing else may.
 */
export function parseBinaryBlock(lines: readonly string[], i: number, end: number): BinaryBlockResult {
  const forward = readBlock(lines, i, end);
  if (!forward.ok) return forward;
  let next = forward.next;
  if (next < end && lines[next] !== '') {
    const reverse = readBlock(lines, next, end);
    if (!reverse.ok) return reverse;
    next = reverse.next;
  }
  while (next < end && lines[next] === '') next++;
  if (next < end) return { ok: false, error: { line: next + 1, message: 'unexpected line after the binary patch' } };
  return { ok: true, patch: forward.patch };
}
