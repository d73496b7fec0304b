import { ConsecutiveBreaker } from 'cockatiel';
import { BREAKER_DEFAULTS } from '../bundle/defaults.js';
import { InvariantError } from '../errors.js';
import { breakerKey, type BreakerRuntime, type NodeRuntime, type RunState } from './state.js';

// State-mutation helpers of the fold: the ready queue (sorted by rank), dependency satisfaction, breakers,
// budget release. Only fold and its per-event handlers call them.

export function queueIndex(state: RunState, id: string): number {
  const r = state.rank.get(id)!;
  let lo = 0;
  let hi = state.queue.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (state.rank.get(state.queue[mid]!)! < r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function enqueue(state: RunState, id: string): void {
  const i = queueIndex(state, id);
  if (state.queue[i] !== id) state.queue.splice(i, 0, id);
}

export function dequeue(state: RunState, id: string): void {
  const i = queueIndex(state, id);
  if (state.queue[i] === id) state.queue.splice(i, 1);
}

export function makeReady(state: RunState, n: NodeRuntime): void {
  n.state = 'ready';
  enqueue(state, n.id);
}

export function node(state: RunState, id: string): NodeRuntime {
  const n = state.nodes.get(id);
  if (!n) throw new InvariantError(`run ${state.runId}: event names unknown node ${id}`);
  return n;
}

/** A dependency is satisfied: dependents whose last dependency this was become ready. */
export function satisfy(state: RunState, id: string): void {
  for (const d of state.plan.dag.dependents.get(id) ?? []) {
    const dn = state.nodes.get(d)!;
    dn.unmet -= 1;
    if (dn.unmet === 0 && dn.state === 'pending') makeReady(state, dn);
  }
}

export function getBreaker(state: RunState, wsId: string, toolId: string): BreakerRuntime {
  const key = breakerKey(wsId, toolId);
  let b = state.breakers.get(key);
  if (!b) {
    const threshold =
      state.plan.workstreams.get(wsId)?.circuit_breaker?.failure_threshold ??
      BREAKER_DEFAULTS.failure_threshold;
    b = {
      wsId,
      toolId,
      state: 'closed',
      counter: new ConsecutiveBreaker(threshold),
      tripped: false,
      closeDue: false,
      failures: 0,
      trialRunning: false,
    };
    state.breakers.set(key, b);
  }
  return b;
}

export function release(state: RunState, n: NodeRuntime, costUsd: number): void {
  const wsId = state.plan.nodes.get(n.id)!.wsId;
  const ws = wsId !== null ? state.wsBudget.get(wsId) : undefined;
  state.budget.reservedUsd -= n.reservedUsd;
  state.budget.spentUsd += costUsd;
  if (ws) {
    ws.reservedUsd -= n.reservedUsd;
    ws.spentUsd += costUsd;
  }
  n.reservedUsd = 0;
  n.costUsd += costUsd;
  state.running.delete(n.id);
}

export function attemptOf(state: RunState, attemptId: string) {
  for (let i = state.attempts.length - 1; i >= 0; i--)
    if (state.attempts[i]!.attemptId === attemptId) return state.attempts[i]!;
  return undefined;
}

/** Applies one event to the state, in place. fold() is this over the whole log. */
