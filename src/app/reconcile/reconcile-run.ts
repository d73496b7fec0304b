import { findWorkflowRuns } from '../../adapters/github/find-workflow-runs.js';
import { readRunLedger } from '../../adapters/github/read-run-ledger.js';
import { applyStartClaims, fold } from '../../core/run/index.js';
import type { FinishedAttempt } from '../run/failed-attempt-events.js';
import { advanceRun } from '../run/advance-run.js';
import { dispatchClaim } from '../run/claim-starts.js';
import { ensureNodeChecks } from './ensure-node-checks.js';
import type { RepoScope } from '../scope/repo-scope.js';

/** How long a start may go without a workflow run, or a finished workflow run without an outcome, before acting. */
export const RECONCILE_GRACE_MS = 10 * 60_000;

/**
 * Brings one active run up to date after lost webhooks or downtime (GitHub never redelivers by itself): the
 * workflow runs of its running attempts are looked up by run-name; finished ones are advanced on (a runner that
 * died is recorded as failed), a claimed start with no workflow run after the grace time is dispatched again (the
 * claim stays the same, so it is still one attempt), and due retries are started by the advance itself.
 */
export async function reconcileRun(scope: RepoScope, runId: string, workflow: string): Promise<void> {
  const ledger = await readRunLedger(scope.gh, scope.repo, runId);
  if (!ledger) return;
  const now = scope.clock.now();
  const state = fold(ledger.events);
  const stale = now - state.updatedAt > RECONCILE_GRACE_MS; // since the last recorded event, before the claims
  applyStartClaims(state, ledger.claims, new Date(now).toISOString(), () => scope.ids.newId());
  const finished: FinishedAttempt[] = [];
  if (state.running.size) {
    const runs = await findWorkflowRuns(scope.gh, scope.repo, workflow, runId);
    for (const nodeId of state.running) {
      const attempt = state.nodes.get(nodeId)!.attempts;
      const wr = runs.find((r) => r.nodeId === nodeId && r.attempt === attempt);
      if (wr?.status === 'completed')
        finished.push({ nodeId, attempt, conclusion: wr.conclusion, htmlUrl: wr.htmlUrl, unrecorded: stale });
      else if (!wr && stale) {
        scope.log.warn(
          `uet: run ${runId}: ${nodeId} attempt ${attempt} was claimed but has no workflow run: dispatching it again`,
        );
        await dispatchClaim(scope, runId, workflow, { nodeId, attempt }, state);
      }
    }
  }
  const advanced = await advanceRun(scope, runId, {
    workflow,
    finished,
    lookupChecks: true,
    known: ledger,
    reportAlways: finished.length > 0,
  });
  if (advanced) await ensureNodeChecks(scope, advanced.state, advanced.events);
}
