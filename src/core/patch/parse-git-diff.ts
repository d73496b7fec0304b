import { parsePatch } from 'diff';
import type { DiffParseError, DiffParseResult, FilePatch } from './diff-types.js';
import { parseGitSection, readFileHeaderPath } from './parse-git-section.js';

const DIFF_LINE = /^(--- |\+\+\+ |@@ )/;

/** A unified diff without `diff --git` headers (GNU diff -u, or a hand-made artifact): parsePatch alone. */
function parsePlain(text: string): DiffParseResult {
  let indexes: ReturnType<typeof parsePatch>;
  try {
    indexes = parsePatch(text);
  } catch (e) {
    const message = e instanceof Error && e.message ? e.message : 'unparsable diff';
    return { ok: false, errors: [{ line: 1, message: `malformed diff: ${message}` }] };
  }
  const files: FilePatch[] = [];
  const errors: DiffParseError[] = [];
  for (const ix of indexes) {
    if (ix.oldFileName === undefined || ix.newFileName === undefined) {
      if (ix.hunks.length) errors.push({ line: 1, message: 'hunk without "---"/"+++" file headers' });
      continue;
    }
    const [old, neu] = [readFileHeaderPath(`--- ${ix.oldFileName}`, 'a/'), readFileHeaderPath(`+++ ${ix.newFileName}`, 'b/')];
    const bad = [old, neu].find((r) => !r.ok);
    if (bad && !bad.ok) {
      errors.push({ line: 1, message: bad.message, ...(bad.forged ? { forged: true } : {}) });
      continue;
    }
    const oldPath = old.ok ? old.path : null;
    const newPath = neu.ok ? neu.path : null;
    if (oldPath === null && newPath === null) {
      errors.push({ line: 1, message: 'a file header names /dev/null on both sides' });
      continue;
    }
    let [insertions, deletions] = [0, 0];
    for (const h of ix.hunks)
      for (const l of h.lines) {
        if (l.startsWith('+')) insertions++;
        else if (l.startsWith('-')) deletions++;
      }
    if (!ix.hunks.length) errors.push({ line: 1, message: `file ${newPath ?? oldPath} has headers but no hunk` });
    files.push({
      line: 1,
      change: oldPath === null ? 'added' : newPath === null ? 'deleted' : oldPath !== newPath ? 'renamed' : 'modified',
      oldPath,
      newPath,
      binary: false,
      hunks: ix.hunks.map((h) => ({ ...h, lines: [...h.lines] })),
      insertions,
      deletions,
    });
  }
  if (!errors.length && !files.length) errors.push({ line: 1, message: 'no file header (diff --git or ---/+++) found' });
  return errors.length ? { ok: false, errors } : { ok: true, files };
}

/**
 * Parses a git diff (`git diff --binary --full-index -M` output) into one FilePatch per file. Git's extended
 * headers (renames, copies, new/deleted file modes, mode changes, index lines, binary patches, C-quoted paths)
 * are read here; the `diff` package's parsePatch reads the hunks. Never throws: every rejection comes back as an
 * error with its line and an explanation. A text without `diff --git` headers is read as a plain unified diff.
 */
export function parseGitDiff(text: string): DiffParseResult {
  const lines = text.split('\n');
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  const starts: number[] = [];
  lines.forEach((l, i) => {
    if (l.startsWith('diff --git ')) starts.push(i);
  });
  if (!starts.length) return parsePlain(text);
  const errors: DiffParseError[] = [];
  const preamble = lines.slice(0, starts[0]).findIndex((l) => DIFF_LINE.test(l));
  if (preamble >= 0) errors.push({ line: preamble + 1, message: 'diff content before the first "diff --git" header' });
  const files: FilePatch[] = [];
  starts.forEach((start, k) => {
    const r = parseGitSection(lines, start, starts[k + 1] ?? lines.length);
    if (r.ok) files.push(r.file);
    else errors.push(r.error);
  });
  return errors.length ? { ok: false, errors } : { ok: true, files };
}
