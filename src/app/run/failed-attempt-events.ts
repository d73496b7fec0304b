import { gateCompletedEvent, outcomeEvents, type EventBody, type RunState } from '../../core/run/index.js';
import type { ErrorClass } from '../../core/run/events.js';

/** A node attempt whose workflow run finished, as a workflow_run webhook (or the reconciler) reports it. */
export interface FinishedAttempt {
  readonly nodeId: string;
  readonly attempt: number;
  /** The workflow run's conclusion: success, failure, cancelled, timed_out, … */
  readonly conclusion: string | null;
  readonly htmlUrl?: string;
  /** Why it failed, when the app knows better than the conclusion (a dispatch GitHub refused). */
  readonly message?: string;
  /** Record a failure even for a successful workflow run (the reconciler, long after it ended with no outcome). */
  readonly unrecorded?: boolean;
}

const CLASS: Record<string, ErrorClass> = {
  cancelled: 'canceled',
  timed_out: 'timeout',
  dispatch_failed: 'permanent',
};

/**
 * The events that close an attempt whose workflow run ended without its integrate job recording an outcome (the
 * runner crashed, was canceled or timed out): step_failed with the engine's retry decision, or a failed gate.
 * Nothing when the outcome is recorded, or when the run succeeded (its outcome may not be visible yet; the
 * reconciler looks again later). Pure but for the backoff jitter, which is recorded.
 */
export function failedAttemptEvents(state: RunState, f: FinishedAttempt, now: number): EventBody[] {
  const n = state.nodes.get(f.nodeId);
  const p = state.plan.nodes.get(f.nodeId);
  if (
    !n ||
    !p ||
    n.state !== 'running' ||
    n.attempts !== f.attempt ||
    (f.conclusion === 'success' && f.unrecorded !== true)
  )
    return [];
  const message =
    f.message ??
    `the workflow run ended (${f.conclusion ?? 'unknown'}) without recording the attempt${f.htmlUrl ? `: ${f.htmlUrl}` : ''}`;
  const durationMs = Math.max(0, now - (n.startedAt ?? now));
  if (p.kind === 'gate') return [gateCompletedEvent(p, { passed: false, durationMs, outputTail: message })];
  const errorClass = CLASS[f.conclusion ?? ''] ?? 'transient_error';
  return outcomeEvents(
    state,
    { stepId: f.nodeId, attempt: f.attempt, attemptId: n.attemptId! },
    { ok: false, errorClass, message, durationMs },
    { now, startedAt: n.startedAt ?? now },
  );
}
