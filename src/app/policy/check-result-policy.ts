import picomatch from 'picomatch';
import type { AppConfig } from '../config/app-config.js';

/** One changed file of the run branch, as the compare API lists it. */
export interface ChangedFile {
  readonly filename: string;
  readonly status: string;
  readonly additions: number;
  readonly deletions: number;
  readonly previous_filename?: string;
}

export interface PolicyFinding {
  readonly path: string;
  readonly message: string;
}

export type ResultPolicyCheck = (files: readonly ChangedFile[], policy: AppConfig['policy']) => PolicyFinding[];

/** Paths no patch may touch whatever any policy says (schema/patch_policy.v1.json). */
export const ALWAYS_FORBIDDEN = ['.git/**', '.github/workflows/**', '.uet/**'];

/**
 * The app-side re-check of a run's whole result against the patch policy, on the compare of the run branch with
 * its base, before the result PR is opened: defence in depth, since a tool could subvert the runner's own check.
 * Only the path rules apply to a whole result (forbidden, allowed, escaping): the size limits are per patch and
 * are enforced by the patch pipeline on each patch. The configured policy can only narrow the built-in rules.
 * (The patch pipeline's checkPatchPolicy replaces this through AppServices.checkPolicy when it is available.)
 */
export function checkResultPolicy(files: readonly ChangedFile[], policy: AppConfig['policy']): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  const forbidden = picomatch([...ALWAYS_FORBIDDEN, ...(policy.forbidden_paths ?? [])], { dot: true });
  const allowed = policy.allowed_paths ? picomatch([...policy.allowed_paths], { dot: true }) : undefined;
  for (const f of files) {
    for (const path of f.previous_filename ? [f.filename, f.previous_filename] : [f.filename]) {
      if (path.split('/').includes('..') || path.startsWith('/')) findings.push({ path, message: 'path escapes the repository' });
      else if (forbidden(path)) findings.push({ path, message: 'path is forbidden by the patch policy' });
      else if (allowed && !allowed(path)) findings.push({ path, message: 'path is outside the allowed paths of the patch policy' });
    }
  }
  return findings;
}
