import { buildPlan, gateNodeId } from '../bundle/build-plan.js';
import { BUNDLE_DEFAULTS } from '../bundle/defaults.js';
import { InvariantError } from '../errors.js';
import type { EventOf, RunEvent } from './events.js';
import { choosePriority } from './priority.js';
import { applyPatchEvent } from './fold-patches.js';
import { applyApprovalEvent } from './fold-approval.js';
import { applyRoutingEvent } from './fold-routing.js';
import { attemptOf, dequeue, getBreaker, makeReady, node, release, satisfy } from './fold-helpers.js';
import { onStepFailed, onStepSucceeded } from './fold-step-outcome.js';
import { trackDowntime } from './fold-timeline.js';
import { armRepair, closeRepairs, failGate, onRepairEnded, repairRuntimes } from './fold-repairs.js';
import type { NodeRuntime, RunState } from './state.js';

export { getBreaker } from './fold-helpers.js';

/** The state of a run: a pure fold of its events. */
export function fold(events: readonly RunEvent[]): RunState {
  const [first, ...rest] = events;
  if (!first || first.type !== 'run_created')
    throw new InvariantError('a run log must start with run_created');
  const state = createState(first);
  for (const e of rest) applyEvent(state, e);
  return state;
}

const ms = (ts: string) => Date.parse(ts);

export function createState(e: RunEvent & EventOf<'run_created'>): RunState {
  const built = buildPlan(e.data.bundle, { maxParallel: e.data.options.max_parallel });
  if (!built.ok)
    throw new InvariantError(
      `run ${e.run_id}: recorded bundle is invalid: ${built.issues.map((i) => i.message).join('; ')}`,
    );
  const plan = built.plan;
  const priority = choosePriority(plan);
  const rank = new Map(priority.order.map((id, i) => [id, i]));
  const repairs = repairRuntimes(plan, rank);
  const nodes = new Map<string, NodeRuntime>();
  for (const id of plan.order)
    nodes.set(id, {
      id,
      state: 'pending',
      attempts: 0,
      unmet: plan.nodes.get(id)!.deps.length,
      reservedUsd: 0,
      costUsd: 0,
    });
  for (const r of repairs) nodes.set(r.id, r);
  const wsBudget = new Map(
    plan.bundle.workstreams.map((w) => [
      w.ws_id,
      { ...(w.max_cost_usd !== undefined ? { limitUsd: w.max_cost_usd } : {}), spentUsd: 0, reservedUsd: 0 },
    ]),
  );
  const state: RunState = {
    runId: e.run_id,
    plan,
    options: e.data.options,
    origin: e.data.origin,
    bundleHash: e.data.bundle_hash,
    rank,
    priorityRule: priority.rule,
    status: 'pending',
    nodes,
    queue: [],
    running: new Set(),
    breakers: new Map(),
    budget: {
      ...(plan.bundle.max_cost_usd !== undefined ? { limitUsd: plan.bundle.max_cost_usd } : {}),
      spentUsd: 0,
      reservedUsd: 0,
    },
    wsBudget,
    skipCheck: new Set(),
    escalated: new Set(),
    cancelRequested: false,
    budgetWarned: new Set(),
    attempts: [],
    warnings: [],
    tokens: { input: 0, output: 0 },
    seq: e.seq,
    createdAt: ms(e.ts),
    updatedAt: ms(e.ts),
    lastEventAt: ms(e.ts),
    downtime: [],
  };
  for (const n of nodes.values()) if (n.unmet === 0) makeReady(state, n);
  return state;
}

export function applyEvent(state: RunState, e: RunEvent): void {
  if (e.seq !== state.seq + 1)
    throw new InvariantError(`run ${state.runId}: event seq ${e.seq} follows ${state.seq}`);
  state.seq = e.seq;
  const at = ms(e.ts);
  state.updatedAt = at;
  trackDowntime(state, e, at);
  switch (e.type) {
    case 'run_created':
      throw new InvariantError(`run ${state.runId}: run_created twice`);
    case 'run_started':
      state.status = 'running';
      state.startedAt = at;
      break;
    case 'run_paused':
      state.status = 'paused';
      state.pause = {
        reason: e.data.reason,
        message: e.data.message,
        ...(e.data.ws_id !== undefined ? { wsId: e.data.ws_id } : {}),
      };
      break;
    case 'run_resumed': {
      const added = e.data.added_budget_usd ?? 0;
      const wsId = state.pause?.wsId;
      const target = wsId !== undefined ? state.wsBudget.get(wsId) : state.budget;
      if (added > 0 && target?.limitUsd !== undefined) target.limitUsd += added;
      state.status = 'running';
      delete state.pause;
      state.budgetWarned.clear();
      for (const id of state.escalated) {
        const n = state.nodes.get(id)!;
        n.escalated = false;
        makeReady(state, n);
      }
      state.escalated.clear();
      break;
    }
    case 'run_cancel_requested':
      state.cancelRequested = true;
      break;
    case 'run_completed':
      state.status = e.data.state;
      state.completion = {
        ...(e.data.reason !== undefined ? { reason: e.data.reason } : {}),
        ...(e.data.message !== undefined ? { message: e.data.message } : {}),
      };
      state.endedAt = at;
      break;
    case 'step_started': {
      const n = node(state, e.data.step_id);
      const wsId = state.plan.nodes.get(n.id)!.wsId;
      dequeue(state, n.id);
      n.state = 'running';
      n.attempts = e.data.attempt;
      n.attemptId = e.data.attempt_id;
      n.toolId = e.data.tool_id;
      n.startedAt = at;
      n.firstStartedAt ??= at;
      n.reservedUsd = e.data.reserved_cost_usd;
      n.halfOpenTrial = e.data.half_open_trial === true;
      delete n.retryAt;
      state.budget.reservedUsd += n.reservedUsd;
      if (wsId !== null) state.wsBudget.get(wsId)!.reservedUsd += n.reservedUsd;
      state.running.add(n.id);
      if (n.halfOpenTrial && wsId !== null) getBreaker(state, wsId, e.data.tool_id).trialRunning = true;
      state.attempts.push({
        attemptId: e.data.attempt_id,
        stepId: n.id,
        attempt: e.data.attempt,
        sequence: state.attempts.length + 1,
        toolId: e.data.tool_id,
        state: 'running',
        startedAt: at,
        ...(e.data.half_open_trial ? { halfOpenTrial: true } : {}),
        ...(e.data.base_commit !== undefined ? { baseCommit: e.data.base_commit } : {}),
      });
      break;
    }
    case 'step_succeeded':
      onStepSucceeded(state, e, at);
      break;
    case 'step_failed':
      onStepFailed(state, e, at);
      break;
    case 'step_abandoned': {
      const n = node(state, e.data.step_id);
      release(state, n, 0);
      const rec = attemptOf(state, e.data.attempt_id);
      if (rec) Object.assign(rec, { state: 'abandoned', endedAt: at, message: e.data.reason });
      const wsId = state.plan.nodes.get(n.id)!.wsId;
      if (n.halfOpenTrial && wsId !== null && n.toolId)
        getBreaker(state, wsId, n.toolId).trialRunning = false;
      makeReady(state, n);
      break;
    }
    case 'step_skipped': {
      const n = node(state, e.data.step_id);
      dequeue(state, n.id);
      n.state = 'skipped';
      n.skip = {
        reason: e.data.reason,
        cause: e.data.cause,
        ...(e.data.ref !== undefined ? { ref: e.data.ref } : {}),
      };
      n.endedAt = at;
      const planned = state.plan.nodes.get(n.id)!;
      if (planned.repair) onRepairEnded(state, planned, at, 'was skipped');
      if (planned.kind === 'gate') closeRepairs(state, n.id, at, `gate ${n.id} was skipped`);
      const passThrough =
        e.data.cause === 'skip_workstream' &&
        (state.plan.bundle.allow_depend_on_skipped ?? BUNDLE_DEFAULTS.allow_depend_on_skipped);
      if (passThrough) satisfy(state, n.id);
      else state.skipCheck.add(n.id);
      break;
    }
    case 'step_blocked': {
      const n = node(state, e.data.step_id);
      n.state = 'blocked';
      n.blockedNotified = true;
      break;
    }
    case 'breaker_opened': {
      const b = getBreaker(state, e.data.ws_id, e.data.tool_id);
      b.state = 'open';
      b.tripped = false;
      b.failures = e.data.failures;
      b.halfOpenAt = ms(e.data.half_open_at);
      break;
    }
    case 'breaker_half_opened':
      getBreaker(state, e.data.ws_id, e.data.tool_id).state = 'half_open';
      break;
    case 'breaker_closed': {
      const b = getBreaker(state, e.data.ws_id, e.data.tool_id);
      b.state = 'closed';
      b.closeDue = false;
      b.failures = 0;
      b.counter.success();
      for (const n of state.nodes.values())
        if (n.state === 'blocked' && n.toolId === b.toolId) n.blockedNotified = false;
      break;
    }
    case 'budget_exceeded':
      if (e.data.action === 'continue') state.budgetWarned.add(e.data.ws_id ?? '');
      break;
    case 'gate_started': {
      const n = node(state, gateNodeId(e.data.ws_id, e.data.gate_id));
      dequeue(state, n.id);
      n.state = 'running';
      n.attempts = e.data.attempt;
      n.startedAt = at;
      n.firstStartedAt ??= at;
      state.running.add(n.id);
      break;
    }
    case 'gate_completed': {
      const n = node(state, gateNodeId(e.data.ws_id, e.data.gate_id));
      state.running.delete(n.id);
      n.endedAt = at;
      n.gate = {
        passed: e.data.passed,
        durationMs: e.data.duration_ms,
        ...(e.data.exit_code !== undefined ? { exitCode: e.data.exit_code } : {}),
        ...(e.data.output_tail !== undefined ? { outputTail: e.data.output_tail } : {}),
      };
      if (e.data.passed) {
        n.state = 'succeeded';
        satisfy(state, n.id);
        closeRepairs(state, n.id, at, `gate ${n.id} passed`);
      } else if (!armRepair(state, n)) failGate(state, n, at, `gate ${n.id} failed`);
      break;
    }
    case 'workstream_skipped':
    case 'error_triggered':
    case 'git_lock_recovered': // a record for people: recovery changes no state
      break;
    case 'warning':
      state.warnings.push({
        kind: e.data.kind,
        message: e.data.message,
        ...(e.data.step_id !== undefined ? { stepId: e.data.step_id } : {}),
      });
      break;
  }
  applyRoutingEvent(state, e);
  applyPatchEvent(state, e);
  applyApprovalEvent(state, e);
}
