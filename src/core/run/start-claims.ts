import { createHash } from 'node:crypto';
import { decideRoute, remainingBudgetUsd } from './decide-route.js';
import type { EventBody, RunEvent } from './events.js';
import { applyEvent } from './fold.js';
import { breakerKey, type RunState } from './state.js';

/**
 * A start decided by a driver that records its starts outside the event log: the GitHub App claims each one as an
 * atomic ref and dispatches it, and the runner's integrate job writes the start events with the outcome. The start
 * events (route_decided and prompt_rendered when due, then step_started or gate_started) are derived from the
 * state, so every writer materializes them alike (materializeStart).
 */
export interface StartClaim {
  readonly nodeId: string;
  readonly attempt: number;
}

/** Events that prepare a start (routing and prompt); a driver with start claims leaves them to the claim. */
export const START_PREPARATION: ReadonlySet<string> = new Set(['route_decided', 'prompt_rendered']);

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A deterministic ULID for one attempt of one node: the run's time part, then 80 bits of a hash. */
export function attemptIdFor(runId: string, nodeId: string, attempt: number): string {
  const hash = createHash('sha256').update(`${runId}\u0000${nodeId}\u0000${attempt}`).digest();
  let tail = '';
  for (let i = 0; i < 16; i++) tail += CROCKFORD[hash[i]! % 32];
  return `${runId.slice(0, 10)}${tail}`;
}

/** Whether a claim is still outstanding: its node has not recorded that attempt's start yet. */
export function isOutstanding(state: RunState, claim: StartClaim): boolean {
  const n = state.nodes.get(claim.nodeId);
  return (
    n !== undefined &&
    claim.attempt === n.attempts + 1 &&
    (n.state === 'ready' || n.state === 'retry_wait' || n.state === 'blocked')
  );
}

/**
 * The events that record a claimed start, in order: the route and prompt records decide() would ask for first
 * (decideRoute), then step_started (deterministic attempt id, the routed tool, the estimate reserved, a half-open
 * trial when the breaker is half open), or gate_started. Apply them one by one. Pure but for `now`, which only
 * stamps a prompt's id.
 */
export function materializeStart(state: RunState, claim: StartClaim, now: number): EventBody[] {
  const p = state.plan.nodes.get(claim.nodeId);
  const n = state.nodes.get(claim.nodeId);
  if (!p || !n) throw new Error(`start claim names unknown node ${claim.nodeId}`);
  if (p.kind === 'gate') {
    const g = p.gate!;
    return [
      {
        type: 'gate_started',
        data: { gate_id: g.gate_id, ws_id: p.wsId, type: g.type, attempt: claim.attempt },
      },
    ];
  }
  const route = decideRoute(state, p, n, now, remainingBudgetUsd(state, p.wsId));
  const prep = route.kind === 'record' ? route.events : [];
  const routed = prep.flatMap((e) => (e.type === 'route_decided' ? [e.data.tool_id] : [])).at(-1);
  const toolId =
    route.kind === 'ready' ? route.toolId : (routed ?? n.route?.toolId ?? p.step?.tool_profile_id ?? 'shell');
  const breaker = state.breakers.get(breakerKey(p.wsId!, toolId));
  const trial = breaker?.state === 'half_open' && !breaker.trialRunning;
  const started: EventBody = {
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
  return [...prep, started];
}

/**
 * Applies the start events of outstanding claims to `state` (in place), in claim order, and returns them with
 * their envelopes. A writer that appends anything else first appends these, so the log keeps each start before
 * its outcome; a writer that appends nothing leaves them to the runner.
 */
export function applyStartClaims(
  state: RunState,
  claims: readonly StartClaim[],
  ts: string,
  newEventId: () => string,
): RunEvent[] {
  const applied: RunEvent[] = [];
  const now = Date.parse(ts);
  for (const claim of [...claims].sort((a, b) => a.nodeId.localeCompare(b.nodeId) || a.attempt - b.attempt)) {
    if (!isOutstanding(state, claim)) continue;
    for (const body of materializeStart(state, claim, now)) {
      const event = { event_id: newEventId(), run_id: state.runId, seq: state.seq + 1, ts, ...body };
      applyEvent(state, event);
      applied.push(event);
    }
  }
  return applied;
}
