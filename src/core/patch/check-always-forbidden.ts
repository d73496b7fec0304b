import type { PatchViolation } from '../contracts/index.js';
import { filePath, GITLINK_MODE, SYMLINK_MODE, touchedPaths, type FilePatch } from './diff-types.js';
import { checkPathSafety, resolveLinkTarget } from './check-path-safety.js';
import { ALWAYS_MAX_FILE_BYTES } from './patch-policy.js';

/** The target of a symlink a file patch creates or changes: the new side of its one-line content. */
export function symlinkTarget(f: FilePatch): string | undefined {
  if (f.newMode !== SYMLINK_MODE || f.newPath === null) return undefined;
  const lines = f.hunks.flatMap((h) => h.lines.filter((l) => l.startsWith('+') || l.startsWith(' ')).map((l) => l.slice(1)));
  return lines.length ? lines.join('\n') : undefined;
}

function checkSymlink(f: FilePatch): PatchViolation[] {
  if (f.newMode !== SYMLINK_MODE || f.newPath === null) return [];
  const path = f.newPath;
  const target = symlinkTarget(f);
  if (target === undefined) {
    if (f.oldMode === SYMLINK_MODE && f.change === 'renamed') return [];
    return [{ rule: 'symlink_escape', path, message: 'a symlink whose target the patch does not show cannot be checked' }];
  }
  const resolved = resolveLinkTarget(path, target);
  if (resolved === null)
    return [{ rule: 'symlink_escape', path, message: `symlink to ${JSON.stringify(target)} points outside the repository` }];
  const inside = checkPathSafety(resolved === '' ? '.' : resolved).filter((x) => x.rule === 'always_forbidden');
  return inside.length
    ? [{ rule: 'symlink_escape', path, message: `symlink to ${JSON.stringify(target)} points into an always-forbidden place (${resolved})` }]
    : [];
}

/**
 * The rules no policy can relax, on every path of every file (both sides of renames and copies): no escape from
 * the repository, no path tricks, nothing in .git, .github/workflows or .uet, no symlink leading outside the
 * repository or into those places, no submodule (gitlink) change, and no file over ALWAYS_MAX_FILE_BYTES.
 */
export function checkAlwaysForbidden(files: readonly FilePatch[], sizes: ReadonlyMap<string, number>): PatchViolation[] {
  const out: PatchViolation[] = [];
  for (const f of files) {
    for (const p of touchedPaths(f)) out.push(...checkPathSafety(p));
    out.push(...checkSymlink(f));
    if (f.newMode === GITLINK_MODE || (f.oldMode === GITLINK_MODE && f.change !== 'deleted'))
      out.push({ rule: 'always_forbidden', path: filePath(f), message: 'submodule (gitlink) changes are always forbidden' });
    const size = f.newPath !== null ? sizes.get(f.newPath) : undefined;
    if (size !== undefined && size > ALWAYS_MAX_FILE_BYTES)
      out.push({ rule: 'always_forbidden', path: filePath(f), message: `${size} bytes is over the hard cap of ${ALWAYS_MAX_FILE_BYTES} bytes per file` });
  }
  return out;
}
