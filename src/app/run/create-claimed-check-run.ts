import { createCheckRun, type CheckRunSpec } from '../../adapters/github/check-runs.js';
import type { RepoScope } from '../scope/repo-scope.js';

/**
 * Creates a node's check run unless this app instance already has it or claimed it (KnownCheckRuns.claim): the
 * completion handler, the reconciler's report and its sweep of missing checks all create through here, so two of
 * them handling the same attempt at once create one check run. A failed create gives the claim back. Returns
 * whether it created one.
 */
export async function createClaimedCheckRun(scope: RepoScope, spec: CheckRunSpec): Promise<boolean> {
  const known = scope.checkRuns;
  if (known && !(await known.claim(scope, spec.headSha, spec.externalId))) return false;
  try {
    await createCheckRun(scope.gh, scope.repo, spec);
    return true;
  } catch (error) {
    known?.release(scope, spec.headSha, spec.externalId);
    throw error;
  }
}
