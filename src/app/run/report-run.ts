import { findCheckRun } from '../../adapters/github/check-runs.js';
import { writeStickyComment } from '../../adapters/github/sticky-comment.js';
import { gateNodeId } from '../../core/bundle/index.js';
import { buildRunStatus, type RunEvent, type RunState } from '../../core/run/index.js';
import { buildNodeCheck } from '../render/build-node-check.js';
import { renderProgress, type ProgressLinks } from '../render/render-progress.js';
import type { RepoScope } from '../scope/repo-scope.js';
import { createClaimedCheckRun } from './create-claimed-check-run.js';
import type { FinishedAttempt } from './failed-attempt-events.js';
import { finishRun } from './finish-run.js';
import { runSubject } from './run-subject.js';
import { shouldReport } from './should-report.js';

export interface RunReport {
  readonly state: RunState;
  readonly events: readonly RunEvent[];
  readonly head: string;
  readonly commentId: number | undefined;
  readonly workflow: string;
  readonly finished: readonly FinishedAttempt[];
  readonly started: readonly { nodeId: string; attempt: number; url?: string }[];
  readonly appended: readonly RunEvent[];
  /** What the runner recorded with the finished attempts (its chained bookkeeping): notable events edit the comment. */
  readonly recorded?: readonly RunEvent[];
  readonly reportAlways: boolean;
  /** The reconciler's pass: finish a run that ended while the app was down. */
  readonly lookupCheck?: boolean;
  /** The run waits for the lock of its base (ADR 0024): said in the progress comment. */
  readonly lockWait?: ProgressLinks['lockWait'];
  /** The run's start, on the ledger it created (AdvanceInput.created): its sticky comment cannot exist yet. */
  readonly created?: boolean;
}

/** Whether a node attempt has its outcome recorded. */
function attemptEnded(state: RunState, nodeId: string, attempt: number): boolean {
  const n = state.nodes.get(nodeId);
  if (!n || n.attempts < attempt) return false;
  if (n.attempts > attempt) return true;
  return n.state !== 'running' && n.state !== 'ready' && n.state !== 'pending';
}

/** The events from the first recorded outcome of `finished` on: what its integrate job appended with it. */
export function recordedWith(events: readonly RunEvent[], finished: readonly FinishedAttempt[]): RunEvent[] {
  const i = events.findIndex((e) =>
    finished.some((f) =>
      e.type === 'gate_completed'
        ? f.nodeId === gateNodeId(e.data.ws_id, e.data.gate_id)
        : (e.type === 'step_succeeded' || e.type === 'step_failed') &&
          e.data.step_id === f.nodeId &&
          e.data.attempt === f.attempt,
    ),
  );
  return i < 0 ? [] : events.slice(i);
}

/**
 * Reports an advance: the check run of the node attempt that finished (created once, with its conclusion), then
 * either the end of the run (finishRun) or, per scheduling wave, an edit of the sticky progress comment.
 */
export async function reportRun(scope: RepoScope, r: RunReport): Promise<void> {
  const { state, finished } = r;
  for (const f of state.origin.sha ? finished : []) {
    if (attemptEnded(state, f.nodeId, f.attempt)) {
      const spec = buildNodeCheck(state, r.events, f.nodeId, f.attempt, f.htmlUrl);
      // Looked up by its external_id first: a redelivered (or repeated) completion must not create a second one.
      // Through the instance's listing of the commit's check runs (one read for a run's steps); the reconciler
      // looks on GitHub again first. Either way the instance claims it before the create, so a delivery and the
      // reconciler handled at once do not both create it.
      if (
        (r.lookupCheck === true || !scope.checkRuns) &&
        (await findCheckRun(scope.gh, scope.repo, spec.headSha, spec.name, spec.externalId)) !== undefined
      )
        continue;
      await createClaimedCheckRun(scope, spec);
    }
  }
  const links = new Map<string, string>();
  for (const f of finished) if (f.htmlUrl) links.set(f.nodeId, f.htmlUrl);
  for (const s of r.started) if (s.url) links.set(s.nodeId, s.url);
  const workflowUrl = `${scope.htmlUrl}/actions/workflows/${r.workflow}`;
  // The end (or a pause) is reported by the advance that recorded it, by a command, or by the reconciler
  // (which finishes what a crash left unfinished); a late completion of an ended run reports nothing more.
  const ended = ['succeeded', 'failed', 'canceled', 'quarantined'].includes(state.status);
  const stopped = r.appended.some((e) => e.type === 'run_completed' || e.type === 'run_paused');
  if ((ended || state.status === 'paused') && (stopped || r.reportAlways || r.lookupCheck === true)) {
    await finishRun(scope, {
      state,
      events: r.events,
      head: r.head,
      commentId: r.commentId,
      links,
      workflowUrl,
      // This advance recorded the end, so no finish of this run ran before: nothing of its end exists to look up.
      ...(r.appended.some((e) => e.type === 'run_completed') && r.lookupCheck !== true ? { endedNow: true } : {}),
      ...(r.lookupCheck === true ? { lookupCheck: true } : {}),
    });
    return;
  }
  if (ended) return;
  const subject = runSubject(state.origin);
  if (!subject) return;
  if (
    r.commentId !== undefined &&
    !r.reportAlways &&
    !shouldReport(state, [...(r.recorded ?? []), ...r.appended], finished)
  )
    return;
  const body = renderProgress(state, buildRunStatus(state, scope.clock.now()), {
    nodes: links,
    workflow: workflowUrl,
    ...(r.lockWait ? { lockWait: r.lockWait } : {}),
  });
  await writeStickyComment(
    scope.gh,
    scope.repo,
    subject,
    {
      runId: state.runId,
      ...(r.commentId !== undefined ? { commentId: r.commentId } : {}),
      ledgerHead: r.head,
      ...(scope.appId !== undefined ? { appId: scope.appId } : {}),
      ...(r.created === true ? { lookup: false } : {}),
    },
    body,
  );
}
