import { listRuns } from '../../adapters/github/run-index.js';
import { DEFAULT_APP_CONFIG } from '../config/app-config.js';
import { readAppConfig } from '../config/read-app-config.js';
import type { RepoScope } from '../scope/repo-scope.js';
import { reconcileRun } from './reconcile-run.js';
import { sweepLocks } from './sweep-locks.js';
import { reconcileConfigSchedules } from './reconcile-config-schedules.js';

/**
 * Reconciles a repository: its schedules (reconcile-schedules.ts), then every active run. Two reads when nothing is
 * scheduled or running (the configuration, the active index). Errors of one run do not stop the others.
 */
export async function reconcileRepo(scope: RepoScope): Promise<number> {
  const config = await readAppConfig(scope.gh, scope.repo, scope.defaultBranch);
  await reconcileConfigSchedules(scope, config);
  const active = await listRuns(scope.gh, scope.repo, 'active');
  if (!active.length) return 0;
  const workflow = config.ok ? config.value.workflow : DEFAULT_APP_CONFIG.workflow;
  // Locks first: a lock released here lets a queued run start in the pass below (ADR 0024).
  if (config.ok && config.value.locks) await sweepLocks(scope, workflow);
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
