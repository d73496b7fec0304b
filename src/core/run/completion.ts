import { plural } from '../plural.js';
import type { EventBody } from './events.js';
import { TERMINAL_NODE_STATES, type NodeRuntime, type RunState } from './state.js';

/**
 * The run_completed event once nothing runs and nothing more can start, else undefined.
 * A run succeeds when every step succeeded (or was skipped by request) and no required gate failed.
 */
export function completionOf(state: RunState, now: number, deadline: number | undefined): EventBody | undefined {
  // A node waiting in the ready queue means the run goes on: answered without visiting every node, since the
  // driver asks after each round in which nothing is left running (quadratic in the run's size otherwise).
  if (state.queue.some((id) => isWaiting(state.nodes.get(id)!))) return undefined;
  const open = [...state.nodes.values()].filter((n) => !TERMINAL_NODE_STATES.has(n.state) || n.escalated);
  if (state.cancelRequested && open.length === 0) {
    return { type: 'run_completed', data: { state: 'canceled', reason: 'canceled', message: 'the run was canceled' } };
  }
  if (open.length) {
    // Only waiting nodes left: a retry or a half-open breaker is due later, or the run is paused.
    const waiting = open.some(isWaiting);
    if (waiting) return undefined;
    const stuck = open.map((n) => n.id).slice(0, 5).join(', ');
    return { type: 'run_completed', data: { state: 'failed', reason: 'stalled', message: `no step can make progress: ${stuck}` } };
  }
  const failedSteps: string[] = [];
  const failedGates: string[] = [];
  const budgetSkips: string[] = [];
  for (const n of state.nodes.values()) {
    const planNode = state.plan.nodes.get(n.id)!;
    if (n.state === 'failed') {
      // A failed repair is told through its gate, whose failure stands.
      if (planNode.kind === 'step' && !planNode.repair) failedSteps.push(n.id);
      else if (planNode.gate?.required) failedGates.push(`${planNode.gate.gate_id}${repairsTried(state, n.id)}`);
    }
    if (n.state === 'skipped' && n.skip?.cause === 'budget') budgetSkips.push(n.id);
  }
  if (deadline !== undefined && now >= deadline && [...state.nodes.values()].some((n) => n.skip?.cause === 'deadline')) {
    return { type: 'run_completed', data: { state: 'failed', reason: 'deadline', message: `the run deadline passed` } };
  }
  const problems: string[] = [];
  if (failedSteps.length) problems.push(`${failedSteps.length} step${failedSteps.length > 1 ? 's' : ''} failed: ${failedSteps.join(', ')}`);
  if (failedGates.length) problems.push(`required gate${failedGates.length > 1 ? 's' : ''} failed: ${failedGates.join(', ')}`);
  if (budgetSkips.length) problems.push(`${plural(budgetSkips.length, 'step')} not run: budget exceeded`);
  if (problems.length) {
    const reason = failedSteps.length ? 'step_failed' : failedGates.length ? 'gate_failed' : 'budget';
    return { type: 'run_completed', data: { state: 'failed', reason, message: problems.join('; ') } };
  }
  const steps = [...state.plan.nodes.values()].filter((p) => p.kind === 'step' && !p.repair).length;
  return { type: 'run_completed', data: { state: 'succeeded', message: `${steps} step${steps === 1 ? '' : 's'} done` } };
}

/** A node that may still start (now or once a retry, a breaker or a human allows it). */
const isWaiting = (n: NodeRuntime) =>
  n.state === 'retry_wait' || n.state === 'blocked' || n.state === 'ready' || n.escalated === true;

/** ` (after N repairs)` for a gate whose repair loop ran, else nothing. */
function repairsTried(state: RunState, gateId: string): string {
  const ran = (state.plan.repairs.get(gateId) ?? []).filter((id) => state.nodes.get(id)!.attempts > 0).length;
  return ran ? ` (after ${ran} repair${ran > 1 ? 's' : ''})` : '';
}
