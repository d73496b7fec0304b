import type { PatchViolation } from '../contracts/index.js';

const MAX_PATH_LENGTH = 4096;
/** C0 and C1 controls and DEL. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Bidirectional overrides and marks (Trojan Source), zero-width characters and the BOM. */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const v = (rule: string, path: string, message: string): PatchViolation => ({ rule, path: path || '(empty)', message });

/** The name git would see for a segment on case-insensitive or NTFS file systems: `.GIT.` and `git~1` are `.git`. */
const isGitDir = (segment: string) => {
  const s = segment.toLowerCase().replace(/[. ]+$/, '');
  return s === '.git' || s === 'git~1';
};

/**
 * Why a path may not appear in a patch, whatever the policy says: it escapes the repository (absolute, a drive
 * letter, a `..` segment, a backslash), it hides something (not UTF-8, control, bidi or zero-width characters, NUL,
 * empty or `.` segments), or it lies in an always-forbidden place (`.git` anywhere, `.github/workflows/`, `.uet/`),
 * compared case-insensitively. Empty when the path is fine.
 */
export function checkPathSafety(path: string): PatchViolation[] {
  const out: PatchViolation[] = [];
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) out.push(v('path_escape', path, 'absolute paths escape the repository'));
  if (path.includes('\\')) out.push(v('path_escape', path, 'backslashes are not path separators in a repository and can escape it on Windows'));
  const segments = path.split('/');
  if (segments.includes('..')) out.push(v('path_escape', path, 'a ".." segment escapes the repository'));
  if (path === '') out.push(v('path_invalid', path, 'empty path'));
  else if (!path.startsWith('/') && segments.some((s) => s === '' || s === '.'))
    out.push(v('path_invalid', path, 'empty or "." path segments are not allowed'));
  if (path.length > MAX_PATH_LENGTH) out.push(v('path_invalid', path.slice(0, 200), `path longer than ${MAX_PATH_LENGTH} characters`));
  if (path.includes('\uFFFD')) out.push(v('path_invalid', path, 'the path is not valid UTF-8'));
  if (CONTROL.test(path)) out.push(v('path_invalid', path, 'control characters (NUL, newline, escape...) are not allowed in paths'));
  if (INVISIBLE.test(path)) out.push(v('path_invalid', path, 'bidirectional-override or zero-width characters are not allowed in paths'));
  if (LONE_SURROGATE.test(path)) out.push(v('path_invalid', path, 'the path is not valid Unicode'));
  const lower = path.toLowerCase();
  if (segments.some(isGitDir)) out.push(v('always_forbidden', path, 'paths inside .git are always forbidden'));
  if (lower === '.github/workflows' || lower.startsWith('.github/workflows/'))
    out.push(v('always_forbidden', path, 'workflow files (.github/workflows/) are always forbidden'));
  if (lower === '.uet' || lower.startsWith('.uet/')) out.push(v('always_forbidden', path, "UET's own files (.uet/: ledger, runs) are always forbidden"));
  return out;
}

/** Where a symlink at `linkPath` pointing to `target` leads, relative to the repository root; null if outside. */
export function resolveLinkTarget(linkPath: string, target: string): string | null {
  if (target.startsWith('/') || /^[A-Za-z]:/.test(target) || target.includes('\\') || target === '') return null;
  const parts = linkPath.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!parts.length) return null;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}
