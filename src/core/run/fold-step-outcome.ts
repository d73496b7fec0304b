import type { EventOf, RunEvent } from './events.js';
import { attemptOf, enqueue, getBreaker, node, release, satisfy } from './fold-helpers.js';
import { onRepairEnded, onRepairSucceeded } from './fold-repairs.js';
import type { RunState } from './state.js';

/** Error classes that say something about a tool's health and so count toward its circuit breaker. */
const BREAKER_CLASSES = new Set([
  'timeout',
  'rate_limit',
  'transient_error',
  'tool_unavailable',
  'permanent',
]);

/**
 * Whether a failure of `toolId` counts toward its breaker. The shell tool runs each step's own command: a command that
 * exits non-zero (permanent: a failing check, a program that is not installed) says nothing about the next step's
 * command, so it does not open shell's breaker; timeouts, rate limits, transient errors and bash itself missing do.
 */
function countsTowardBreaker(toolId: string, errorClass: string): boolean {
  return BREAKER_CLASSES.has(errorClass) && !(toolId === 'shell' && errorClass === 'permanent');
}

export function onStepSucceeded(state: RunState, e: RunEvent & EventOf<'step_succeeded'>, at: number): void {
  const n = node(state, e.data.step_id);
  release(state, n, e.data.cost_usd ?? 0);
  n.state = 'succeeded';
  n.endedAt = at;
  if (e.data.commit !== undefined) n.commit = e.data.commit;
  if (e.data.tokens) {
    state.tokens.input += e.data.tokens.input;
    state.tokens.output += e.data.tokens.output;
  }
  const rec = attemptOf(state, e.data.attempt_id);
  if (rec) {
    Object.assign(rec, { state: 'succeeded', endedAt: at, durationMs: e.data.duration_ms });
    if (e.data.cost_usd !== undefined) rec.costUsd = e.data.cost_usd;
    if (e.data.tokens) rec.tokens = e.data.tokens;
    if (e.data.commit !== undefined) rec.commit = e.data.commit;
    if (e.data.patch_id !== undefined) rec.patchId = e.data.patch_id;
  }
  const wsId = state.plan.nodes.get(n.id)!.wsId;
  if (wsId !== null && n.toolId) {
    const b = getBreaker(state, wsId, n.toolId);
    b.counter.success();
    if (n.halfOpenTrial) {
      b.trialRunning = false;
      b.closeDue = true;
    }
  }
  satisfy(state, n.id);
  const planned = state.plan.nodes.get(n.id)!;
  if (planned.repair) onRepairSucceeded(state, planned);
}

export function onStepFailed(state: RunState, e: RunEvent & EventOf<'step_failed'>, at: number): void {
  const n = node(state, e.data.step_id);
  release(state, n, e.data.cost_usd ?? 0);
  n.lastError = { errorClass: e.data.error_class, message: e.data.message };
  if (e.data.tokens) {
    state.tokens.input += e.data.tokens.input;
    state.tokens.output += e.data.tokens.output;
  }
  const rec = attemptOf(state, e.data.attempt_id);
  if (rec) {
    Object.assign(rec, {
      state: 'failed',
      endedAt: at,
      errorClass: e.data.error_class,
      message: e.data.message,
      retryable: e.data.retryable,
    });
    if (e.data.duration_ms !== undefined) rec.durationMs = e.data.duration_ms;
    if (e.data.exit_code !== undefined) rec.exitCode = e.data.exit_code;
    if (e.data.cost_usd !== undefined) rec.costUsd = e.data.cost_usd;
    if (e.data.tokens) rec.tokens = e.data.tokens;
  }
  const planNode = state.plan.nodes.get(n.id)!;
  const wsId = planNode.wsId;
  if (wsId !== null && n.toolId) {
    const b = getBreaker(state, wsId, n.toolId);
    if (n.halfOpenTrial) {
      b.trialRunning = false;
      b.tripped = true;
    } else if (countsTowardBreaker(n.toolId, e.data.error_class) && b.counter.failure() && b.state === 'closed') {
      b.tripped = true;
    }
  }
  if (e.data.retryable && e.data.retry_at !== undefined) {
    n.state = 'retry_wait';
    n.retryAt = Date.parse(e.data.retry_at);
    enqueue(state, n.id);
    return;
  }
  n.state = 'failed';
  n.endedAt = at;
  // A repair that fails ends its gate's loop: the gate's failure stands, and says what follows (not on_error).
  if (planNode.repair) return onRepairEnded(state, planNode, at, `failed (${e.data.error_class})`);
  const onError = wsId !== null ? (state.plan.workstreams.get(wsId)?.on_error ?? 'fail_fast') : 'fail_fast';
  if (onError === 'escalate') {
    n.escalated = true;
    state.escalated.add(n.id);
    return;
  }
  if (onError === 'fail_fast') state.failFast ??= { stepId: n.id };
  state.skipCheck.add(n.id);
}
