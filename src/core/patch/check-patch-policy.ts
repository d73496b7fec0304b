import type { PatchViolation } from '../contracts/index.js';
import { resolveLinkTarget } from './check-path-safety.js';
import { symlinkTarget } from './check-always-forbidden.js';
import { filePath, touchedPaths, type FilePatch } from './diff-types.js';
import { firstMatch } from './match-paths.js';
import type { EffectivePatchPolicy } from './patch-policy.js';
import { checkToolConfig } from './check-tool-config.js';

export interface PolicyCheckInput {
  readonly files: readonly FilePatch[];
  readonly policy: EffectivePatchPolicy;
  /** Sizes in bytes after the patch, by new path (see deriveFileSizes). */
  readonly sizes: ReadonlyMap<string, number>;
}

// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL
const NON_ASCII = /[^\u0000-\u007f]/u;

function checkAddedLines(f: FilePatch, policy: EffectivePatchPolicy): PatchViolation[] {
  if (!policy.ascii_only && policy.max_line_length === undefined) return [];
  const path = filePath(f);
  let [nonAscii, tooLong] = [0, 0];
  let [firstNonAscii, firstTooLong] = [0, 0];
  for (const h of f.hunks) {
    let line = h.newStart;
    for (const l of h.lines) {
      if (l.startsWith('-') || l.startsWith('\\')) continue;
      if (l.startsWith('+')) {
        if (policy.ascii_only && NON_ASCII.test(l) && nonAscii++ === 0) firstNonAscii = line;
        if (policy.max_line_length !== undefined && l.length - 1 > policy.max_line_length && tooLong++ === 0) firstTooLong = line;
      }
      line++;
    }
  }
  const out: PatchViolation[] = [];
  if (nonAscii) out.push({ rule: 'ascii_only', path, message: `${nonAscii} added line${nonAscii > 1 ? 's are' : ' is'} not 7-bit ASCII (first at line ${firstNonAscii})` });
  if (tooLong) out.push({ rule: 'max_line_length', path, message: `${tooLong} added line${tooLong > 1 ? 's are' : ' is'} longer than ${policy.max_line_length} characters (first at line ${firstTooLong})` });
  return out;
}

/**
 * A symlink is an alias of its target: one that points to a forbidden path, or outside the allowed paths, would let
 * a later write through the link land where the policy forbids (the always-forbidden places are checkAlwaysForbidden's).
 */
function checkLinkTarget(f: FilePatch, policy: EffectivePatchPolicy): PatchViolation[] {
  const target = symlinkTarget(f);
  const link = target === undefined || f.newPath === null ? null : resolveLinkTarget(f.newPath, target);
  if (link === null) return []; // outside the repository: checkAlwaysForbidden's
  const resolved = link === '' ? '.' : link;
  const glob = firstMatch(policy.forbidden_paths, resolved);
  const message =
    glob !== undefined
      ? `points to ${resolved}, which matches the forbidden path ${JSON.stringify(glob)}`
      : policy.allowed_paths && firstMatch(policy.allowed_paths, resolved) === undefined
        ? `points to ${resolved}, outside the allowed paths`
        : undefined;
  return message === undefined ? [] : [{ rule: 'symlink_target', path: f.newPath!, message: `symlink to ${JSON.stringify(target)} ${message}` }];
}

/**
 * Every violation of the configurable policy rules, each with its rule and, where there is one, its path:
 * max_lines_changed, max_files_changed, forbidden_paths (both sides of a rename), allowed_paths, symlink targets
 * (against the forbidden and allowed paths), tests_required,
 * ascii_only and max_line_length (on added lines), allow_binary, allow_deletions and max_file_bytes. tests_required is
 * checked apart (checkTestsRequired), since it may need the test command to run first.
 */
export function checkPatchPolicy(i: PolicyCheckInput): PatchViolation[] {
  const { files, policy } = i;
  const out: PatchViolation[] = [];
  const lines = files.reduce((n, f) => n + f.insertions + f.deletions, 0);
  if (policy.max_lines_changed !== undefined && lines > policy.max_lines_changed)
    out.push({ rule: 'max_lines_changed', message: `${lines} lines changed, the policy allows ${policy.max_lines_changed}` });
  if (policy.max_files_changed !== undefined && files.length > policy.max_files_changed)
    out.push({ rule: 'max_files_changed', message: `${files.length} files changed, the policy allows ${policy.max_files_changed}` });
  for (const f of files) {
    for (const p of touchedPaths(f)) {
      out.push(...checkToolConfig(p, policy));
      const glob = firstMatch(policy.forbidden_paths, p);
      if (glob !== undefined) out.push({ rule: 'forbidden_paths', path: p, message: `matches the forbidden path ${JSON.stringify(glob)}` });
      if (policy.allowed_paths && firstMatch(policy.allowed_paths, p) === undefined)
        out.push({ rule: 'allowed_paths', path: p, message: policy.allowed_paths.length ? `outside the allowed paths ${JSON.stringify(policy.allowed_paths)}` : 'no path is allowed (the scopes\' allowed paths do not intersect)' });
    }
    const path = filePath(f);
    out.push(...checkLinkTarget(f, policy));
    if (!policy.allow_binary && f.binary && f.change !== 'deleted')
      out.push({ rule: 'allow_binary', path, message: 'binary files are not allowed (allow_binary is false)' });
    if (!policy.allow_deletions && f.change === 'deleted')
      out.push({ rule: 'allow_deletions', path, message: 'deleting files is not allowed (allow_deletions is false)' });
    const size = f.newPath !== null ? i.sizes.get(f.newPath) : undefined;
    if (size !== undefined && size > policy.max_file_bytes)
      out.push({ rule: 'max_file_bytes', path, message: `${size} bytes after the patch, the policy allows ${policy.max_file_bytes}` });
    out.push(...checkAddedLines(f, policy));
  }
  return out;
}
