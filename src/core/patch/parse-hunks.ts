import { parsePatch } from 'diff';
import type { DiffHunk, DiffParseError } from './diff-types.js';

const HUNK_HEADER = /^@@ -\d{1,10}(?:,\d{1,10})? \+\d{1,10}(?:,\d{1,10})? @@/;

export type HunksResult =
  | { readonly ok: true; readonly hunks: DiffHunk[]; readonly insertions: number; readonly deletions: number }
  | { readonly ok: false; readonly error: DiffParseError };

/**
 * Parses the hunks of one file: `lines[from]` is its `---` header, `lines[from + 1]` its `+++` header, and the
 * hunks run to `end`. The `diff` package's parsePatch reads the hunks (and checks their line counts); this walk
 * then makes sure that every line of the area belongs to a hunk, so nothing in a diff goes unexamined.
 */
export function parseHunks(lines: readonly string[], from: number, end: number): HunksResult {
  const area = lines.slice(from, end);
  let hunks: DiffHunk[];
  try {
    const parsed = parsePatch(area.join('\n'));
    if (parsed.length !== 1)
      return { ok: false, error: { line: from + 1, message: `expected the hunks of one file, found ${parsed.length} file headers` } };
    hunks = parsed[0]!.hunks.map((h) => ({
      oldStart: h.oldStart,
      oldLines: h.oldLines,
      newStart: h.newStart,
      newLines: h.newLines,
      lines: h.lines,
    }));
  } catch (e) {
    const message = e instanceof Error && e.message ? e.message : 'unparsable hunk';
    return { ok: false, error: { line: from + 1, message: `malformed hunk: ${message.replace(/at line \d+/, 'in this file')}` } };
  }
  let i = from + 2;
  let insertions = 0;
  let deletions = 0;
  for (const h of hunks) {
    while (i < end && lines[i] === '') i++;
    if (i >= end || !lines[i]!.startsWith('@@ '))
      return { ok: false, error: { line: i + 1, message: `unexpected line where a hunk header (@@) was expected` } };
    if (!HUNK_HEADER.test(lines[i]!))
      return { ok: false, error: { line: i + 1, message: 'malformed hunk header: expected @@ -a,b +c,d @@' } };
    i += 1 + h.lines.length;
    for (const l of h.lines) {
      if (l.startsWith('+')) insertions++;
      else if (l.startsWith('-')) deletions++;
    }
  }
  while (i < end && lines[i] === '') i++;
  if (i < end) return { ok: false, error: { line: i + 1, message: 'unexpected line after the last hunk' } };
  if (!hunks.length) return { ok: false, error: { line: from + 1, message: 'file header (---/+++) without any hunk' } };
  return { ok: true, hunks, insertions, deletions };
}
