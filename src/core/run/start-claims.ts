import { createHash } from 'node:crypto';
import type { EventBody, RunEvent } from './events.js';
import { applyEvent } from './fold.js';
import { resolveToolId } from './resolve-tool.js';
import { breakerKey, type RunState } from './state.js';

/**
 * A start decided by a driver that records its starts outside the event log (the GitHub App records each as an
 * atomic ref, and the runner writes the step_started event later). Everything else in the start event is derived
 * from the plan and the state, so every writer materializes the same event.
 */
export interface StartClaim {
  readonly nodeId: string;
  readonly attempt: number;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A deterministic ULID for one attempt of one node: the run's time part, then 80 bits of a hash. */
export function attemptIdFor(runId: string, nodeId: string, attempt: number): string {
  const hash = createHash('sha256').update(`${runId}\u0000${nodeId}\u0000${attempt}`).digest();
  let tail = '';
  for (let i = 0; i < 16; i++) tail += CROCKFORD[hash[i]! % 32];
  return `${runId.slice(0, 10)}${tail}`;
}

/** The step_started or gate_started event of a claimed start, as decide() would have had it recorded. */
export function startEventFor(state: RunState, claim: StartClaim): EventBody {
  const p = state.plan.nodes.get(claim.nodeId);
  if (!p) throw new Error(`start claim names unknown node ${claim.nodeId}`);
  if (p.kind === 'gate') {
    const g = p.gate!;
    return { type: 'gate_started', data: { gate_id: g.gate_id, ws_id: p.wsId, type: g.type, attempt: claim.attempt } };
  }
  const toolId = resolveToolId(p);
  const breaker = state.breakers.get(breakerKey(p.wsId!, toolId));
  const trial = breaker?.state === 'half_open' && !breaker.trialRunning;
  return {
    type: 'step_started',
    data: {
      step_id: p.id,
      attempt: claim.attempt,
      attempt_id: attemptIdFor(state.runId, p.id, claim.attempt),
      tool_id: toolId,
      reserved_cost_usd: p.estimateCostUsd,
      ...(trial ? { half_open_trial: true } : {}),
    },
  };
}

/** Whether a claim is still outstanding: its node has not recorded that attempt's start yet. */
export function isOutstanding(state: RunState, claim: StartClaim): boolean {
  const n = state.nodes.get(claim.nodeId);
  return n !== undefined && claim.attempt === n.attempts + 1 && (n.state === 'ready' || n.state === 'retry_wait' || n.state === 'blocked');
}

/**
 * Applies the start events of outstanding claims to `state` (in place), in claim order, and returns them with
 * their envelopes. A writer that appends anything else first appends these, so the log keeps each start
 * before its outcome; a writer that appends nothing leaves them to the runner.
 */
export function applyStartClaims(state: RunState, claims: readonly StartClaim[], ts: string, newEventId: () => string): RunEvent[] {
  const applied: RunEvent[] = [];
  for (const claim of [...claims].sort((a, b) => a.nodeId.localeCompare(b.nodeId) || a.attempt - b.attempt)) {
    if (!isOutstanding(state, claim)) continue;
    const event = { event_id: newEventId(), run_id: state.runId, seq: state.seq + 1, ts, ...startEventFor(state, claim) } as RunEvent;
    applyEvent(state, event);
    applied.push(event);
  }
  return applied;
}
