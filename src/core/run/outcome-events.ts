import { RESILIENCE_DEFAULTS } from '../bundle/defaults.js';
import type { PlanNode } from '../bundle/build-plan.js';
import type { GateOutcome, StepOutcome } from '../ports.js';
import { retryDelayMs } from './backoff.js';
import { canFallBack } from './decide-route.js';
import type { EventBody } from './events.js';
import { boundText, RECORD_LIMITS } from './record-limits.js';
import type { RunState } from './state.js';

/** One attempt of one step, as recorded by its step_started event. */
export interface AttemptRef {
  readonly stepId: string;
  readonly attempt: number;
  readonly attemptId: string;
}

export interface OutcomeTiming {
  /** When the outcome is recorded (ms). A retry's due time is counted from here. */
  readonly now: number;
  /** When the attempt started (ms), for the step deadline when no earlier attempt started. */
  readonly startedAt: number;
  /** The driver was interrupted: a failed outcome is recorded as abandoned (resumable), not failed. */
  readonly interrupted?: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Adds a note to the first line of a message, ahead of the output tail that may follow it. */
function annotate(message: string, note: string): string {
  const nl = message.indexOf('\n');
  return nl === -1 ? message + note : message.slice(0, nl) + note + message.slice(nl);
}

/**
 * The events that record a step attempt's outcome: the executor's own events (patches, warnings), then
 * step_succeeded, or step_failed with its retry decision (retryable, retry_at from the step's backoff, capped by
 * max_retries and deadline_seconds), or step_abandoned when interrupted. Shared by every driver: the local loop,
 * the GitHub App (a runner that died without recording) and the Action's integrate job.
 */
export function outcomeEvents(
  state: RunState,
  ref: AttemptRef,
  outcome: StepOutcome,
  timing: OutcomeTiming,
): EventBody[] {
  const node = state.plan.nodes.get(ref.stepId);
  const events: EventBody[] = [...(outcome.events ?? [])];
  const common = { step_id: ref.stepId, attempt: ref.attempt, attempt_id: ref.attemptId };
  const usage = {
    ...(outcome.costUsd !== undefined ? { cost_usd: outcome.costUsd } : {}),
    ...(outcome.tokens !== undefined ? { tokens: outcome.tokens } : {}),
  };
  if (timing.interrupted === true && !outcome.ok) {
    events.push({ type: 'step_abandoned', data: { ...common, reason: 'interrupted' } });
    return events;
  }
  if (outcome.ok) {
    events.push({
      type: 'step_succeeded',
      data: {
        ...common,
        duration_ms: Math.round(outcome.durationMs),
        ...usage,
        ...(outcome.commit !== undefined ? { commit: outcome.commit } : {}),
        ...(outcome.filesChanged !== undefined ? { files_changed: outcome.filesChanged } : {}),
        ...(outcome.patchId !== undefined ? { patch_id: outcome.patchId } : {}),
      },
    });
    return events;
  }
  const errorClass = outcome.errorClass ?? 'permanent';
  const step = node?.step;
  const res = step?.resilience;
  const retryOn: readonly string[] = res?.retry_on ?? RESILIENCE_DEFAULTS.retry_on;
  const maxRetries = res?.max_retries ?? RESILIENCE_DEFAULTS.max_retries;
  let retryable =
    retryOn.includes(errorClass) ||
    (errorClass === 'validation_failed' && step?.validation?.retry_on_failure === true) ||
    canFallBack(state, ref.stepId, ref.attempt, errorClass); // a routed tool was missing: route the retry elsewhere
  let message = outcome.message ?? errorClass;
  let retryAt: number | undefined;
  if (retryable && ref.attempt > maxRetries) {
    retryable = false;
    message = annotate(message, ` (gave up after ${ref.attempt} attempt${ref.attempt > 1 ? 's' : ''})`);
  }
  if (retryable) {
    retryAt = timing.now + retryDelayMs(res, ref.attempt);
    const first = state.nodes.get(ref.stepId)?.firstStartedAt ?? timing.startedAt;
    if (step?.deadline_seconds !== undefined && retryAt > first + step.deadline_seconds * 1000) {
      retryable = false;
      retryAt = undefined;
      message = annotate(message, ` (step deadline of ${step.deadline_seconds}s reached)`);
    }
  }
  events.push({
    type: 'step_failed',
    data: {
      ...common,
      error_class: errorClass,
      message: boundText(message, RECORD_LIMITS.message),
      retryable,
      ...(retryAt !== undefined ? { retry_at: iso(retryAt) } : {}),
      duration_ms: Math.round(outcome.durationMs),
      ...usage,
      ...(outcome.exitCode !== undefined ? { exit_code: outcome.exitCode } : {}),
    },
  });
  return events;
}

/** The gate_completed event of a gate run. */
export function gateCompletedEvent(node: PlanNode, outcome: GateOutcome): EventBody {
  const gate = node.gate!;
  return {
    type: 'gate_completed',
    data: {
      gate_id: gate.gate_id,
      ws_id: node.wsId,
      passed: outcome.passed,
      duration_ms: Math.round(outcome.durationMs),
      required: gate.required,
      blocking: gate.blocking,
      ...(outcome.exitCode !== undefined ? { exit_code: outcome.exitCode } : {}),
      ...(outcome.outputTail !== undefined ? { output_tail: boundText(outcome.outputTail, RECORD_LIMITS.outputTail, 'tail') } : {}),
    },
  };
}
