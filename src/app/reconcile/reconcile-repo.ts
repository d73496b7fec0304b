import { listRuns } from '../../adapters/github/run-index.js';
import { DEFAULT_APP_CONFIG } from '../config/app-config.js';
import { readAppConfig } from '../config/read-app-config.js';
import type { RepoScope } from '../scope/repo-scope.js';
import { reconcileRun } from './reconcile-run.js';

/** Reconciles every active run of a repository: one read when there is none. Errors of one run do not stop the others. */
export async function reconcileRepo(scope: RepoScope): Promise<number> {
  const active = await listRuns(scope.gh, scope.repo, 'active');
  if (!active.length) return 0;
  const config = await readAppConfig(scope.gh, scope.repo, scope.defaultBranch);
  const workflow = config.ok ? config.value.workflow : DEFAULT_APP_CONFIG.workflow;
  for (const run of active) {
    try {
      await reconcileRun(scope, run.runId, workflow);
    } catch (error) {
      scope.log.error(
        `uet: reconciling run ${run.runId} of ${scope.fullName} failed: ${(error as Error).message}`,
      );
    }
  }
  return active.length;
}
