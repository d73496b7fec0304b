import type { Clock } from '../../core/ports.js';
import { DEFAULT_APP_CONFIG } from '../config/app-config.js';
import { readAppConfig } from '../config/read-app-config.js';
import type { RepoScope } from '../scope/repo-scope.js';
import { reconcileRun } from './reconcile-run.js';

const MAX_TIMER_MS = 6 * 60 * 60_000;

/**
 * In-process timers that reconcile a run when a retry or a half-open breaker falls due, one per run (the earliest
 * wins). They are only a cache that makes durable due times (step_failed.retry_at) act promptly: if the process
 * dies, the periodic reconciler acts on the same due times from the ledger.
 */
export function createWakeTimers(clock: Clock): (scope: RepoScope, runId: string, at: number) => void {
  const timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  return (scope, runId, at) => {
    const known = timers.get(runId);
    if (known && known.at <= at) return;
    if (known) clearTimeout(known.timer);
    const delay = Math.min(Math.max(0, at - clock.now()), MAX_TIMER_MS);
    const timer = setTimeout(() => {
      timers.delete(runId);
      void (async () => {
        const config = await readAppConfig(scope.gh, scope.repo, scope.defaultBranch);
        await reconcileRun(scope, runId, config.ok ? config.value.workflow : DEFAULT_APP_CONFIG.workflow);
      })().catch((error: unknown) =>
        scope.log.warn(`uet: wake-up of run ${runId} failed: ${(error as Error).message}`),
      );
    }, delay);
    timer.unref();
    timers.set(runId, { at, timer });
  };
}
