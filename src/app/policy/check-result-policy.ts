import { checkPathSafety, resolveLinkTarget } from '../../core/patch/check-path-safety.js';
import { firstMatch } from '../../core/patch/match-paths.js';
import type { AppConfig } from '../config/app-config.js';

/** One path of the run's result, read from git trees (readResultChanges). */
export interface ChangedFile {
  readonly path: string;
  readonly status: 'added' | 'modified' | 'removed';
  /** The mode after the change (absent when removed): 120000 a symlink, 160000 a submodule. */
  readonly mode?: string;
  /** A symlink's target, read from its blob. */
  readonly linkTarget?: string;
}

export interface PolicyFinding {
  readonly path: string;
  readonly message: string;
}

/** The paths a result policy names: the repository owner's (forbidden and allowed paths). */
export type ResultPolicy = Pick<AppConfig['policy'], 'forbidden_paths' | 'allowed_paths'>;

export type ResultPolicyCheck = (files: readonly ChangedFile[], policy: ResultPolicy) => PolicyFinding[];

/** Where a path may not be, by the rules no policy relaxes and then by `policy`; undefined when it may. */
function placeFinding(path: string, policy: ResultPolicy, what = ''): string | undefined {
  const unsafe = checkPathSafety(path);
  if (unsafe.length) return `${what}${unsafe[0]!.message}`;
  const forbidden = firstMatch(policy.forbidden_paths ?? [], path);
  if (forbidden !== undefined) return `${what}matches the forbidden path ${JSON.stringify(forbidden)} of the patch policy`;
  if (policy.allowed_paths && firstMatch(policy.allowed_paths, path) === undefined) return `${what}outside the allowed paths of the patch policy`;
  return undefined;
}

/**
 * The app-side re-check of a run's whole result against the patch policy, on every path its git tree changes (read
 * from git trees, so the 301st file is checked too), before the result is proposed: defence in depth, since a job
 * could be subverted. It applies the patch pipeline's own path rules (src/core/patch): the always-forbidden places and
 * path tricks (checkPathSafety), the forbidden and allowed paths with the same glob semantics (firstMatch), removed
 * paths included; no submodule; a symlink's target must be a place the policy allows. Size limits are per patch and
 * stay with the pipeline, which checks each patch; a whole result may exceed them.
 */
export function checkResultPolicy(files: readonly ChangedFile[], policy: ResultPolicy): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  for (const f of files) {
    const found = placeFinding(f.path, policy);
    if (found !== undefined) {
      findings.push({ path: f.path, message: found });
      continue;
    }
    if (f.mode === '160000') findings.push({ path: f.path, message: 'submodule (gitlink) changes are always forbidden' });
    if (f.mode === '120000') {
      const target = f.linkTarget ?? '';
      const resolved = resolveLinkTarget(f.path, target);
      const label = `the symlink's target ${JSON.stringify(target)}: `;
      const where = resolved === null ? undefined : resolved === '' ? (policy.allowed_paths ? `${label}the repository root is outside the allowed paths of the patch policy` : undefined) : placeFinding(resolved, policy, label);
      if (resolved === null) findings.push({ path: f.path, message: `the symlink's target ${JSON.stringify(target)} points outside the repository` });
      else if (where !== undefined) findings.push({ path: f.path, message: where });
    }
  }
  return findings;
}
