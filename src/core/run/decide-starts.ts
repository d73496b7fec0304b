import { STEP_DEFAULTS } from '../bundle/defaults.js';
import type { Command, Decision } from './commands.js';
import type { EventBody } from './events.js';
import { decideRoute, remainingBudgetUsd } from './decide-route.js';
import { breakerKey, type BudgetRuntime, type RunState } from './state.js';

/** Whether reserving `need` more would exceed the budget. */
const exceeds = (b: BudgetRuntime | undefined, extra: number, need: number) =>
  b?.limitUsd !== undefined && (b.spentUsd + b.reservedUsd + extra + need > b.limitUsd + 1e-9 || b.spentUsd >= b.limitUsd);

/**
 * Chooses which queued nodes start now: highest priority first, within max_parallel, honouring
 * parallel_ok:false (runs alone), open circuit breakers (blocked), due retries and cost budgets.
 */
export function decideStarts(state: RunState, now: number, deadline: number | undefined): Decision {
  const commands: Command[] = [];
  const records: EventBody[] = [];
  let wakeAt = deadline;
  const wake = (t: number) => (wakeAt = wakeAt === undefined ? t : Math.min(wakeAt, t));
  const exclusiveRunning = [...state.running].some((id) => !state.plan.nodes.get(id)!.parallelOk);
  let slots = exclusiveRunning ? 0 : state.plan.maxParallel - state.running.size;
  const trials = new Set<string>();
  // Per-workstream limits: what each workstream runs now, plus what this decision starts.
  const wsRunning = new Map<string, number>();
  for (const id of state.running) {
    const ws = state.plan.nodes.get(id)!.wsId;
    if (ws !== null) wsRunning.set(ws, (wsRunning.get(ws) ?? 0) + 1);
  }
  const wsFull = (ws: string | null) => {
    const limit = ws === null ? undefined : state.plan.workstreams.get(ws)?.max_parallel;
    return limit !== undefined && (wsRunning.get(ws!) ?? 0) >= limit;
  };
  const wsTake = (ws: string | null) => ws !== null && wsRunning.set(ws, (wsRunning.get(ws) ?? 0) + 1);
  let reservedNow = 0;
  const roundRobinNow = new Map<string, number>(); // round-robin routes recorded by this decision, not yet folded
  const wsReservedNow = new Map<string, number>();

  for (const id of state.queue) {
    if (slots <= 0) break;
    const n = state.nodes.get(id)!;
    const p = state.plan.nodes.get(id)!;
    if (n.state === 'retry_wait' && n.retryAt !== undefined && n.retryAt > now) {
      wake(n.retryAt);
      continue;
    }
    if (!p.parallelOk && (state.running.size > 0 || commands.length > 0)) break; // drain, then run it alone
    if (wsFull(p.wsId)) continue;

    if (p.kind === 'gate') {
      const g = p.gate!;
      wsTake(p.wsId);
      commands.push({ kind: 'start_gate', nodeId: id, gateId: g.gate_id, wsId: p.wsId, gateType: g.type, attempt: n.attempts + 1, timeoutMs: g.timeout_seconds * 1000 });
      slots -= 1;
      if (!p.parallelOk) break;
      continue;
    }

    const wsId = p.wsId!;
    const route = decideRoute(state, p, n, now, remainingBudgetUsd(state, wsId), roundRobinNow);
    if (route.kind === 'record') {
      records.push(...route.events); // route_decided / prompt_rendered before step_started
      slots -= 1;
      continue;
    }
    const toolId = route.toolId;
    const breaker = state.breakers.get(breakerKey(wsId, toolId));
    let halfOpenTrial = false;
    if (breaker?.state === 'open') {
      if (breaker.halfOpenAt !== undefined) wake(breaker.halfOpenAt);
      if (!n.blockedNotified) {
        records.push({ type: 'step_blocked', data: { step_id: id, tool_id: toolId, ws_id: wsId, ...(breaker.halfOpenAt !== undefined ? { until: new Date(breaker.halfOpenAt).toISOString() } : {}) } });
      }
      continue;
    }
    if (breaker?.state === 'half_open') {
      const key = breakerKey(wsId, toolId);
      if (breaker.trialRunning || trials.has(key)) continue;
      trials.add(key);
      halfOpenTrial = true;
    }

    const need = p.estimateCostUsd;
    const ws = state.wsBudget.get(wsId);
    const wsExtra = wsReservedNow.get(wsId) ?? 0;
    const overBundle = exceeds(state.budget, reservedNow, need);
    const overWs = exceeds(ws, wsExtra, need);
    // Over only because of what running steps have reserved: wait for them to finish and release it.
    if ((overBundle || overWs) && !exceeds(overWs ? ws : state.budget, -(overWs ? ws! : state.budget).reservedUsd, need)) continue;
    if (overBundle || overWs) {
      const scope = overWs ? 'workstream' : 'bundle';
      const b = overWs ? ws! : state.budget;
      const action = (overWs ? state.plan.workstreams.get(wsId)?.on_budget_exceeded : state.plan.bundle.on_budget_exceeded) ?? 'pause_and_notify';
      const warnKey = overWs ? wsId : '';
      if (action !== 'continue' || !state.budgetWarned.has(warnKey)) {
        const exceeded: EventBody = {
          type: 'budget_exceeded',
          data: { scope, ...(overWs ? { ws_id: wsId } : {}), limit_usd: b.limitUsd!, spent_usd: b.spentUsd, needed_usd: need, action },
        };
        if (action === 'pause_and_notify') {
          const where = overWs ? `workstream ${wsId}` : 'the bundle';
          const message = `budget of ${where} reached: spent $${b.spentUsd.toFixed(2)} of $${b.limitUsd!.toFixed(2)}, step ${id} needs $${need.toFixed(2)}; continue with \`uet resume ${state.runId} --add-budget <usd>\``;
          return records1([exceeded, { type: 'run_paused', data: { reason: 'budget', message, ...(overWs ? { ws_id: wsId } : {}) } }]);
        }
        if (action === 'fail') {
          const skips: EventBody[] = [...state.nodes.values()]
            .filter((x) => ['pending', 'ready', 'retry_wait', 'blocked'].includes(x.state))
            .map((x) => ({ type: 'step_skipped', data: { step_id: x.id, reason: `budget of ${scope === 'bundle' ? 'the bundle' : `workstream ${wsId}`} exceeded`, cause: 'budget' } }));
          return records1([exceeded, ...skips]);
        }
        return records1([exceeded]);
      }
    }

    const timeoutSeconds = p.step?.timeout_seconds ?? state.plan.workstreams.get(wsId)?.circuit_breaker?.timeout_seconds ?? STEP_DEFAULTS.timeout_seconds;
    const remaining = [state.budget, ws]
      .filter((b): b is BudgetRuntime => b?.limitUsd !== undefined)
      .map((b) => b.limitUsd! - b.spentUsd - b.reservedUsd);
    commands.push({
      kind: 'start_step',
      stepId: id,
      attempt: n.attempts + 1,
      toolId,
      reservedUsd: need,
      halfOpenTrial,
      timeoutMs: timeoutSeconds * 1000,
      ...(route.prompt ? { prompt: route.prompt } : {}),
      ...(remaining.length ? { budgetRemainingUsd: Math.max(0, Math.min(...remaining)) } : {}),
    });
    wsTake(wsId);
    reservedNow += need;
    wsReservedNow.set(wsId, wsExtra + need);
    slots -= 1;
    if (!p.parallelOk) break;
  }
  if (records.length) return records1(records);
  return { commands, ...(wakeAt !== undefined ? { wakeAt } : {}) };
}

function records1(events: EventBody[]): Decision {
  return { commands: events.map((event): Command => ({ kind: 'record', event })) };
}
