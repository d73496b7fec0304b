import { checkPathSafety } from '../../core/patch/check-path-safety.js';
import { firstMatch } from '../../core/patch/match-paths.js';
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

export type ResultPolicyCheck = (
  files: readonly ChangedFile[],
  policy: AppConfig['policy'],
) => PolicyFinding[];

/**
 * The app-side re-check of a run's whole result against the patch policy, on the compare of the run branch with
 * its base, before the result PR is opened: defence in depth, since a tool could subvert the runner's own check.
 * It applies the patch pipeline's own path rules (src/core/patch): the always-forbidden places and path tricks
 * (checkPathSafety), then the configured forbidden and allowed paths with the same glob semantics (firstMatch).
 * Size limits are per patch and stay with the pipeline, which checks each patch; a whole result may exceed them.
 */
export function checkResultPolicy(
  files: readonly ChangedFile[],
  policy: AppConfig['policy'],
): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  for (const f of files) {
    for (const path of f.previous_filename ? [f.filename, f.previous_filename] : [f.filename]) {
      const unsafe = checkPathSafety(path);
      if (unsafe.length) {
        findings.push(...unsafe.map((x) => ({ path, message: x.message })));
        continue;
      }
      const forbidden = firstMatch(policy.forbidden_paths ?? [], path);
      if (forbidden !== undefined)
        findings.push({
          path,
          message: `matches the forbidden path ${JSON.stringify(forbidden)} of the patch policy`,
        });
      else if (policy.allowed_paths && firstMatch(policy.allowed_paths, path) === undefined)
        findings.push({ path, message: 'outside the allowed paths of the patch policy' });
    }
  }
  return findings;
}
