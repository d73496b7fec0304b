import type { PlanNode } from '../bundle/build-plan.js';
import { makeReady, satisfy } from './fold-helpers.js';
import type { NodeRuntime, RunState } from './state.js';

// The repair loop of a gate, as the fold sees it (ADR 0024). A repair round is a step outside the DAG: pending
// until its gate fails, then ready. While a round runs, its gate waits in `pending` with `repairRound` set; when
// the round succeeds the gate is ready again (its next attempt), when it fails for good the gate fails with its last
// outcome. Rounds the loop did not need are skipped with the gate's end. Nothing here reads anything but the state.

/** The runtimes of the plan's repair rounds: pending, each waiting for its gate (unmet 1), ranked just after it. */
export function repairRuntimes(plan: { repairs: ReadonlyMap<string, readonly string[]> }, rank: Map<string, number>): NodeRuntime[] {
  const out: NodeRuntime[] = [];
  for (const [gateId, rounds] of plan.repairs) {
    const r = rank.get(gateId)!;
    rounds.forEach((id, i) => {
      rank.set(id, r + (i + 1) / (rounds.length + 1)); // between the gate and the next node: unique, and as urgent
      out.push({ id, state: 'pending', attempts: 0, unmet: 1, reservedUsd: 0, costUsd: 0 });
    });
  }
  return out;
}

/** The next round of a gate's loop that has not started: the first pending one (rounds run one after another). */
function nextRound(state: RunState, gateId: string): NodeRuntime | undefined {
  for (const id of state.plan.repairs.get(gateId) ?? []) {
    const n = state.nodes.get(id)!;
    if (n.state === 'pending' && n.attempts === 0) return n;
    if (n.state !== 'skipped' && n.state !== 'succeeded') return undefined; // a round is under way, or failed
  }
  return undefined;
}

/**
 * A gate failed: when its loop has a round left (and the run is not being stopped), that round becomes ready and
 * the gate waits for it. Returns whether it did; the caller otherwise records the failure as usual.
 */
export function armRepair(state: RunState, gate: NodeRuntime): boolean {
  if (state.cancelRequested) return false;
  const round = nextRound(state, gate.id);
  if (!round) return false;
  gate.state = 'pending';
  gate.repairRound = state.plan.nodes.get(round.id)!.repair!.round;
  round.unmet = 0;
  makeReady(state, round);
  return true;
}

/** The rounds of a gate's loop that never started are skipped: the gate passed, failed for good or was skipped. */
export function closeRepairs(state: RunState, gateId: string, at: number, why: string): void {
  for (const id of state.plan.repairs.get(gateId) ?? []) {
    const n = state.nodes.get(id)!;
    if (n.state !== 'pending' && n.state !== 'ready') continue;
    if (n.attempts > 0) continue; // started: it ends by its own events
    const i = state.queue.indexOf(id);
    if (i !== -1) state.queue.splice(i, 1);
    n.state = 'skipped';
    n.skip = { reason: why, cause: 'not_needed', ref: gateId };
    n.endedAt = at;
  }
}

/** The gate's failure stands: failed with its last outcome; its dependents follow `blocking`, its unused rounds end. */
export function failGate(state: RunState, gate: NodeRuntime, at: number, why: string): void {
  const p = state.plan.nodes.get(gate.id)!;
  delete gate.repairRound;
  gate.state = 'failed';
  gate.endedAt = at;
  if (p.gate!.blocking) state.skipCheck.add(gate.id);
  else satisfy(state, gate.id);
  closeRepairs(state, gate.id, at, why);
}

/** The gate a repair round works for, when it is waiting for this round. */
function waitingGate(state: RunState, p: PlanNode): NodeRuntime | undefined {
  const gate = p.repair ? state.nodes.get(p.repair.gateNodeId) : undefined;
  return gate && gate.state === 'pending' && gate.repairRound === p.repair!.round ? gate : undefined;
}

/** A round succeeded: its gate runs again (its next attempt). */
export function onRepairSucceeded(state: RunState, p: PlanNode): void {
  const gate = waitingGate(state, p);
  if (!gate) return;
  delete gate.repairRound;
  makeReady(state, gate);
}

/** A round failed for good, or was skipped before it ran: the loop ends and the gate's failure stands. */
export function onRepairEnded(state: RunState, p: PlanNode, at: number, how: string): void {
  const gate = waitingGate(state, p);
  if (gate) failGate(state, gate, at, `repair ${p.id} ${how}`);
}
