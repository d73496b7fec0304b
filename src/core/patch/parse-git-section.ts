import type { BinaryPatch, DiffHunk, DiffParseError, FileChange, FilePatch } from './diff-types.js';
import { parseBinaryBlock } from './parse-binary-block.js';
import { parseHunks } from './parse-hunks.js';
import { readGitPath, takeGitPrefix } from './read-git-path.js';

export type SectionResult = { ok: true; file: FilePatch } | { ok: false; error: DiffParseError };

const MODE = /^(100644|100755|120000|160000)$/;

interface Headers {
  headerOld?: string;
  headerNew?: string;
  oldMode?: string;
  newMode?: string;
  created?: boolean;
  deleted?: boolean;
  renameFrom?: string;
  renameTo?: string;
  copyFrom?: string;
  copyTo?: string;
  oldBlob?: string;
  newBlob?: string;
}

const NO_PREFIX = 'does not carry the a/ and b/ prefixes git writes (git apply would strip its first path component, whatever it is, and write elsewhere than it names)';

/**
 * `diff --git a/x b/y`: both names when they can be told apart (quoted, or the same path twice). Returns an error
 * message when the line does not carry git's a/ and b/ prefixes.
 */
function readDiffGitNames(rest: string, h: Headers): string | undefined {
  const set = (a: string, b: string): string | undefined => {
    const [old, neu] = [takeGitPrefix(a, 'a/'), takeGitPrefix(b, 'b/')];
    if (old === null || neu === null) return `the "diff --git" header ${NO_PREFIX}`;
    h.headerOld = old;
    h.headerNew = neu;
    return undefined;
  };
  if (rest.startsWith('"')) {
    const a = readGitPath(rest);
    if (!a.ok || !a.rest.startsWith(' ')) return undefined;
    const b = readGitPath(a.rest.slice(1));
    return b.ok && b.rest === '' ? set(a.path, b.path) : undefined;
  }
  const quote = rest.indexOf(' "');
  if (quote >= 0) {
    const b = readGitPath(rest.slice(quote + 1));
    return b.ok && b.rest === '' ? set(rest.slice(0, quote), b.path) : undefined;
  }
  // Unquoted: "a/P b/P" for the same path P; a rename's names come from its rename headers instead.
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === ' ' && rest.slice(2, half) === rest.slice(half + 3)) return set(rest.slice(0, half), rest.slice(half + 1));
  return rest.startsWith('a/') && rest.includes(' b/') ? undefined : `the "diff --git" header ${NO_PREFIX}`;
}

/** Reads one extended header line into `h`; false when the line is not one git writes. */
function readHeader(line: string, h: Headers): boolean | string {
  let m: RegExpExecArray | null;
  if ((m = /^(old mode|new mode|deleted file mode|new file mode) (\d+)$/.exec(line))) {
    if (!MODE.test(m[2]!)) return `unsupported file mode ${m[2]}`;
    if (m[1] === 'old mode' || m[1] === 'deleted file mode') h.oldMode = m[2]!;
    else h.newMode = m[2]!;
    if (m[1] === 'deleted file mode') h.deleted = true;
    if (m[1] === 'new file mode') h.created = true;
    return true;
  }
  if (/^(similarity|dissimilarity) index \d{1,3}%$/.test(line)) return true;
  if ((m = /^(rename|copy) (from|to|old|new) (.*)$/.exec(line))) {
    const p = readGitPath(m[3]!);
    if (!p.ok) return p.message;
    if (p.rest !== '') return 'unexpected text after a quoted path';
    const from = m[2] === 'from' || m[2] === 'old';
    if (m[1] === 'rename') h[from ? 'renameFrom' : 'renameTo'] = p.path;
    else h[from ? 'copyFrom' : 'copyTo'] = p.path;
    return true;
  }
  if ((m = /^index ([0-9a-f]{4,64})\.\.([0-9a-f]{4,64})(?: (\d+))?$/.exec(line))) {
    if (m[3] !== undefined && !MODE.test(m[3])) return `unsupported file mode ${m[3]}`;
    h.oldBlob = m[1]!;
    h.newBlob = m[2]!;
    if (m[3] !== undefined) h.oldMode = h.newMode = m[3];
    return true;
  }
  return false;
}

type HeaderPath = { ok: true; path: string | null } | { ok: false; message: string; forged?: boolean };

/** The ---/+++ path: null for /dev/null, else the path without git's prefix (which it must carry). */
export function readFileHeaderPath(line: string, prefix: 'a/' | 'b/'): HeaderPath {
  const p = readGitPath(line.slice(4), 'tab');
  if (!p.ok) return p;
  if (!p.quoted && p.path === '/dev/null') return { ok: true, path: null };
  const path = takeGitPrefix(p.path, prefix);
  return path === null ? { ok: false, forged: true, message: `the "${line.slice(0, 3)}" header ${NO_PREFIX}` } : { ok: true, path };
}

/** Parses the file section lines[start, end) that begins with `diff --git `. */
export function parseGitSection(lines: readonly string[], start: number, end: number): SectionResult {
  const fail = (i: number, message: string, forged = false): SectionResult => ({ ok: false, error: { line: i + 1, message, ...(forged ? { forged } : {}) } });
  const h: Headers = {};
  const unprefixed = readDiffGitNames(lines[start]!.slice('diff --git '.length), h);
  if (unprefixed !== undefined) return fail(start, unprefixed, true);
  let i = start + 1;
  for (; i < end; i++) {
    const line = lines[i]!;
    if (/^(--- |@@ |Binary files |GIT binary patch$)/.test(line)) break;
    const read = readHeader(line, h);
    if (read === false) return fail(i, `unrecognised extended header line ${JSON.stringify(line.slice(0, 80))}`);
    if (typeof read === 'string') return fail(i, read);
  }
  let binary = false;
  let binaryPatch: BinaryPatch | undefined;
  let hunks: DiffHunk[] = [];
  let [insertions, deletions] = [0, 0];
  let minus: string | null | undefined;
  let plus: string | null | undefined;
  const line = lines[i];
  if (line === 'GIT binary patch') {
    const b = parseBinaryBlock(lines, i + 1, end);
    if (!b.ok) return { ok: false, error: b.error };
    [binary, binaryPatch] = [true, b.patch];
  } else if (line !== undefined && i < end && line.startsWith('Binary files ')) {
    if (!/ differ$/.test(line)) return fail(i, 'malformed "Binary files ... differ" line');
    if (lines.slice(i + 1, end).some((l) => l !== '')) return fail(i + 1, 'unexpected line after "Binary files ... differ"');
    binary = true;
  } else if (line !== undefined && i < end && line.startsWith('--- ')) {
    if (!lines[i + 1]?.startsWith('+++ ') || i + 1 >= end) return fail(i + 1, 'a "---" file header must be followed by "+++"');
    const [m, p] = [readFileHeaderPath(line, 'a/'), readFileHeaderPath(lines[i + 1]!, 'b/')];
    if (!m.ok) return fail(i, m.message, m.forged);
    if (!p.ok) return fail(i + 1, p.message, p.forged);
    [minus, plus] = [m.path, p.path];
    const parsed = parseHunks(lines, i, end);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    ({ hunks, insertions, deletions } = parsed);
  } else if (line !== undefined && i < end && line.startsWith('@@ ')) {
    return fail(i, 'hunk without "---"/"+++" file headers');
  } else if (lines.slice(i, end).some((l) => l !== '')) {
    return fail(i, 'unexpected line in file section');
  }
  const created = h.created === true || (minus === null && plus !== null);
  const deleted = h.deleted === true || (plus === null && minus !== null);
  if (created && deleted) return fail(start, 'a file cannot be both created and deleted');
  if ((created && minus != null) || (deleted && plus != null))
    return fail(start, 'the "---"/"+++" headers contradict the new/deleted file mode');
  const renamed = h.renameFrom !== undefined || h.renameTo !== undefined;
  const copied = h.copyFrom !== undefined || h.copyTo !== undefined;
  if (renamed && (h.renameFrom === undefined || h.renameTo === undefined)) return fail(start, 'a rename needs both "rename from" and "rename to"');
  if (copied && (h.copyFrom === undefined || h.copyTo === undefined)) return fail(start, 'a copy needs both "copy from" and "copy to"');
  if ((renamed || copied) && (created || deleted)) return fail(start, 'a rename or copy cannot create or delete the file');
  const oldPath = created ? null : (h.renameFrom ?? h.copyFrom ?? minus ?? h.headerOld);
  const newPath = deleted ? null : (h.renameTo ?? h.copyTo ?? plus ?? h.headerNew);
  if (oldPath === undefined || newPath === undefined) return fail(start, 'cannot tell the name of the file from its headers');
  // An unquoted "diff --git a/X b/Y" of a rename or copy cannot be split on its own: it must read exactly a/<from> b/<to>.
  const gitLine = lines[start]!.slice('diff --git '.length);
  const unsplit = h.headerOld === undefined && !gitLine.includes('"') && oldPath !== null && newPath !== null && gitLine !== `a/${oldPath} b/${newPath}`;
  const inconsistent =
    unsplit ||
    (minus != null && oldPath !== minus) ||
    (plus != null && newPath !== plus) ||
    (h.headerOld !== undefined && oldPath !== null && oldPath !== h.headerOld) ||
    (h.headerNew !== undefined && newPath !== null && newPath !== h.headerNew);
  // git apply takes each name from a different header than a reader may: disagreeing names are a lie, not a typo.
  if (inconsistent) return fail(start, 'the file names in the diff --git, rename/copy and ---/+++ headers disagree', true);
  const change: FileChange = created ? 'added' : deleted ? 'deleted' : renamed ? 'renamed' : copied ? 'copied' : 'modified';
  return {
    ok: true,
    file: {
      line: start + 1,
      change,
      oldPath,
      newPath,
      ...(h.oldMode !== undefined && !created ? { oldMode: h.oldMode } : {}),
      ...(h.newMode !== undefined && !deleted ? { newMode: h.newMode } : {}),
      ...(h.oldBlob !== undefined ? { oldBlob: h.oldBlob } : {}),
      ...(h.newBlob !== undefined ? { newBlob: h.newBlob } : {}),
      binary,
      ...(binaryPatch ? { binaryPatch } : {}),
      hunks,
      insertions,
      deletions,
    },
  };
}
