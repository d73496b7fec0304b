import { cancelRecords, stopRun } from '../run/cancel-run.js';
import { listLockBases, sweepRunLocks } from '../run/run-lock.js';
import type { RepoScope } from '../scope/repo-scope.js';

/**
 * The reconciler's pass over the lock tables (ADR 0024), so that no lock is ever stuck: a lock whose run ended (it
 * died before releasing) or has no ledger is released, and a run that held its lock past max_hold_minutes is
 * canceled and its lock released. The queued runs are then advanced by the reconciler's pass over active runs.
 * Errors of one base do not stop the others.
 */
export async function sweepLocks(scope: RepoScope, workflow: string): Promise<void> {
  for (const base of await listLockBases(scope)) {
    try {
      const { released } = await sweepRunLocks(scope, base);
      for (const r of released) {
        scope.log.info(`uet: released the lock of run ${r.entry.run_id} on ${base}: ${r.why === 'expired' ? 'it held it past locks.max_hold_minutes' : r.why === 'ended' ? 'the run has ended' : 'the run has no ledger'}`);
        if (r.why === 'expired')
          await stopRun(scope, r.entry.run_id, workflow, cancelRecords('uet', `it held the lock of ${base} past locks.max_hold_minutes (since ${r.entry.since}); the lock was released`));
      }
    } catch (error) {
      scope.log.error(`uet: sweeping the locks of ${base} in ${scope.fullName} failed: ${(error as Error).message}`);
    }
  }
}
