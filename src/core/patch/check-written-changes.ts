import type { PatchViolation } from '../contracts/index.js';
import { checkPathSafety, resolveLinkTarget } from './check-path-safety.js';
import { checkResourceScope, type PatchResourceScope } from './check-resource-scope.js';
import { checkToolConfig } from './check-tool-config.js';
import type { FilePatch } from './diff-types.js';
import { firstMatch } from './match-paths.js';
import { ALWAYS_MAX_FILE_BYTES, type EffectivePatchPolicy } from './patch-policy.js';
import { expectedWrites, isGitlink, isSymlink, type WrittenChange } from './written-change.js';

export interface WrittenCheckInput {
  /** The parsed diff (what the headers say). */
  readonly files: readonly FilePatch[];
  /** What git wrote (the base tree against the patch's tree). */
  readonly written: readonly WrittenChange[];
  readonly policy: EffectivePatchPolicy;
  readonly scope?: PatchResourceScope;
}

/** Where the diff's headers and what git wrote disagree: the artifact lies about itself (forged). */
function checkAgreement(files: readonly FilePatch[], written: readonly WrittenChange[]): PatchViolation[] {
  const expected = expectedWrites(files);
  const out: PatchViolation[] = [];
  const seen = new Set<string>();
  for (const c of written) {
    seen.add(c.path);
    if (!expected.has(c.path)) {
      out.push({ rule: 'written_mismatch', path: c.path, message: 'git wrote this path, which the diff\'s headers do not name' });
      continue;
    }
    const mode = expected.get(c.path);
    if (mode !== undefined && mode !== c.newMode)
      out.push({ rule: 'written_mismatch', path: c.path, message: `the diff says ${mode === null ? 'it is removed' : `mode ${mode}`}, git wrote ${c.newMode === null ? 'a removal' : `mode ${c.newMode}`}` });
  }
  for (const p of expected.keys())
    if (!seen.has(p)) out.push({ rule: 'written_mismatch', path: p, message: 'the diff names this path, but git did not change it' });
  return out;
}

/** A written symlink: its target must stay in the repository, out of the always-forbidden places and inside the policy. */
function checkLink(c: WrittenChange, policy: EffectivePatchPolicy): PatchViolation[] {
  const target = c.linkTarget ?? '';
  const at = (message: string, rule = 'symlink_escape'): PatchViolation[] => [{ rule, path: c.path, message: `symlink to ${JSON.stringify(target)} ${message}` }];
  const resolved = resolveLinkTarget(c.path, target);
  if (resolved === null) return at('points outside the repository');
  const where = resolved === '' ? '.' : resolved;
  if (checkPathSafety(where).some((x) => x.rule === 'always_forbidden')) return at(`points into an always-forbidden place (${where})`);
  const glob = firstMatch(policy.forbidden_paths, where);
  if (glob !== undefined) return at(`points to ${where}, which matches the forbidden path ${JSON.stringify(glob)}`, 'symlink_target');
  if (policy.allowed_paths && firstMatch(policy.allowed_paths, where) === undefined) return at(`points to ${where}, outside the allowed paths`, 'symlink_target');
  return [];
}

/**
 * The patch policy judged on what git wrote, not on what the diff's headers say: every written path against the
 * always-forbidden places and path tricks, the files that configure an AI tool (checkToolConfig), the forbidden and allowed paths and the resource scope; symlink targets
 * read from the written blobs; submodules; sizes against the hard cap and max_file_bytes. And any disagreement
 * between the diff's headers and what git wrote (a path written that no header names, a mode git did not write) is
 * reported as written_mismatch, which marks the artifact as forged. Pure.
 */
export function checkWrittenChanges(i: WrittenCheckInput): PatchViolation[] {
  const out = checkAgreement(i.files, i.written);
  for (const c of i.written) {
    out.push(...checkPathSafety(c.path));
    out.push(...checkToolConfig(c.path, i.policy));
    const forbidden = firstMatch(i.policy.forbidden_paths, c.path);
    if (forbidden !== undefined) out.push({ rule: 'forbidden_paths', path: c.path, message: `matches the forbidden path ${JSON.stringify(forbidden)}` });
    if (i.policy.allowed_paths && firstMatch(i.policy.allowed_paths, c.path) === undefined)
      out.push({ rule: 'allowed_paths', path: c.path, message: `outside the allowed paths ${JSON.stringify(i.policy.allowed_paths)}` });
    if (isGitlink(c)) out.push({ rule: 'always_forbidden', path: c.path, message: 'submodule (gitlink) changes are always forbidden' });
    if (isSymlink(c)) out.push(...checkLink(c, i.policy));
    if (c.size !== undefined && c.size > ALWAYS_MAX_FILE_BYTES)
      out.push({ rule: 'always_forbidden', path: c.path, message: `${c.size} bytes is over the hard cap of ${ALWAYS_MAX_FILE_BYTES} bytes per file` });
    else if (c.size !== undefined && c.size > i.policy.max_file_bytes)
      out.push({ rule: 'max_file_bytes', path: c.path, message: `${c.size} bytes after the patch, the policy allows ${i.policy.max_file_bytes}` });
  }
  if (i.scope) out.push(...checkResourceScope(i.written.map(asFilePatch), i.scope));
  return dedupe(out);
}

/** A written change as the resource-scope check reads a file patch: created, deleted or modified at its path. */
const asFilePatch = (c: WrittenChange): FilePatch => ({
  line: 0,
  change: c.oldMode === null ? 'added' : c.newMode === null ? 'deleted' : 'modified',
  oldPath: c.oldMode === null ? null : c.path,
  newPath: c.newMode === null ? null : c.path,
  binary: false,
  hunks: [],
  insertions: 0,
  deletions: 0,
});

const dedupe = (vs: PatchViolation[]) => {
  const seen = new Set<string>();
  return vs.filter((v) => {
    const k = `${v.rule}\u0000${v.path ?? ''}\u0000${v.message}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
};

/** The sizes of the blobs git wrote, by path, for checks that measure files after the patch. */
export const writtenSizes = (written: readonly WrittenChange[]) =>
  new Map(written.flatMap((c) => (c.size !== undefined && c.newMode !== null ? [[c.path, c.size] as const] : [])));
