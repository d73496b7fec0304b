import { findWorkflowRuns } from '../../adapters/github/find-workflow-runs.js';
import { awaitingApproval, type EventBody, type RunState } from '../../core/run/index.js';
import type { RepoScope } from '../scope/repo-scope.js';
import { advanceRun, type Advanced } from './advance-run.js';

/**
 * Stops a run: records run_cancel_requested (or a pause, for a moved head) through advanceRun, so that decide()
 * skips what has not started and the run ends when its running steps end; then cancels the workflow runs still in
 * progress (their completion webhooks record them). Never leaves the run "in progress": the end is reported by
 * the advance that records run_completed.
 */
export async function stopRun(
  scope: RepoScope,
  runId: string,
  workflow: string,
  stop: (state: RunState) => EventBody[],
): Promise<Advanced | undefined> {
  const advanced = await advanceRun(scope, runId, { workflow, records: stop, reportAlways: true });
  if (!advanced || !advanced.state.cancelRequested || advanced.state.running.size === 0) return advanced;
  for (const wr of await findWorkflowRuns(scope.gh, scope.repo, workflow, runId)) {
    if (wr.status === 'completed') continue;
    try {
      await scope.gh.request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel', {
        ...scope.repo,
        run_id: wr.id,
      });
    } catch (error) {
      scope.log.warn(`run ${runId}: could not cancel workflow run ${wr.id}: ${(error as Error).message}`);
    }
  }
  return advanced;
}

const ACTIVE = new Set(['pending', 'running', 'paused']);

/** The record of a cancel by `by`, unless the run is already ending. */
export const cancelRecords =
  (by: string, reason: string) =>
  (state: RunState): EventBody[] =>
    ACTIVE.has(state.status) && !state.cancelRequested
      ? [{ type: 'run_cancel_requested', data: { by, reason } }]
      : [];

/**
 * The record of a pause because the pull request's head moved past the pinned commit; for a run that waits for
 * approval, the void of its approval (ADR 0026: a push to the base since the plan voids it, and the run is canceled).
 */
export const headMovedRecords =
  (sha: string) =>
  (state: RunState): EventBody[] =>
    state.approval && !state.approval.voided && awaitingApproval(state)
      ? [{ type: 'approval_voided', data: { reason: `the base moved to ${sha.slice(0, 7)} since the plan`, base_sha: state.approval.required.base_sha, new_sha: sha } }]
      : state.status === 'running' || state.status === 'pending'
      ? [
          {
            type: 'run_paused',
            data: {
              reason: 'head_moved',
              // A follow-up (ADR 0023) never pushes over commits it did not see: it is asked again on the new head.
              message: `the pull request's head moved to ${sha.slice(0, 7)}, past the commit this run was asked for: comment \`${state.options.push_branch !== undefined ? '/uet fix' : '/uet run'}\` for a new run`,
            },
          },
        ]
      : [];
