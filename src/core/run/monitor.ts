import { bottomLevels } from '../bundle/dag.js';
import type { AcceptanceResult, CriterionResult } from '../phase-acceptance/index.js';
import { activeMs } from './fold-timeline.js';
import { buildRunAcceptance } from './run-acceptance.js';
import { TERMINAL_NODE_STATES, type NodeState, type RunState } from './state.js';

export interface StepView {
  step_id: string;
  name?: string;
  state: NodeState;
  attempts: number;
  tool_id?: string;
  /** How the tool of the latest attempt was chosen (route_decided). */
  route?: string;
  duration_ms?: number;
  error?: string;
  skip_reason?: string;
}

export interface WorkstreamView {
  ws_id: string;
  name?: string;
  state: 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';
  done: number;
  total: number;
  steps: StepView[];
}

export interface GateView {
  gate_id: string;
  ws_id: string | null;
  type: string;
  state: NodeState;
  required: boolean;
  blocking: boolean;
  exit_code?: number;
  /** Its repair loop once a round started: the latest round, its state, and how many rounds the loop allows. */
  repair?: { step_id: string; round: number; of: number; state: NodeState; attempts: number };
}

/** How many steps (or gates) are in each state: what a progress line shows instead of a bare percentage. */
export interface NodeCounts {
  succeeded: number;
  failed: number;
  skipped: number;
  blocked: number;
  running: number;
  /** Not started yet: pending, ready, or waiting to retry. */
  waiting: number;
  total: number;
}

/** The RunMonitor view: what `uet status` prints and the app's progress comment shows. Pure. */
export interface RunStatusView {
  run_id: string;
  bundle_id: string;
  bundle_name?: string;
  /**
   * The run's state; `stopped` for a run that is running or pending in its log but that no process drives (Ctrl-C,
   * a crash): `uet resume` continues it.
   */
  state: RunState['status'] | 'stopped';
  /** When the run started (epoch ms), or undefined before it did. */
  started_at_ms?: number;
  /** Steps by state, and gates by state (passed = succeeded). */
  step_counts: NodeCounts;
  gate_counts: NodeCounts;
  message?: string;
  progress_pct: number;
  completed: number;
  total: number;
  succeeded: number;
  running: { step_id: string; attempt: number; tool_id?: string; elapsed_ms: number }[];
  failed: string[];
  skipped: string[];
  blocked: string[];
  cost: { spent_usd: number; reserved_usd: number; budget_usd: number | null };
  tokens: { input: number; output: number };
  /** Time a process drove the run: from its start to its end (or now), without the downtime between a stop and a resume. */
  elapsed_ms: number;
  eta_ms: number | null;
  workstreams: WorkstreamView[];
  gates: GateView[];
  warnings: string[];
  priority_rule: string;
  /** Each workstream's completion_criteria: met, not_met or not_checkable (docs/routing.md). */
  completion_criteria: CriterionResult[];
  /** The run as a phase: acceptance mode all over the bundle's gates (else every gate) and the criteria. */
  acceptance: AcceptanceResult;
}

/**
 * A workstream's state from its steps' and gates' states. A required gate must pass for it to count as complete
 * (docs/configuration.md, Gate); a workstream of gates only (the baseline phase) is its gates.
 */
function workstreamState(steps: readonly NodeState[], gates: readonly { required: boolean; state: NodeState }[]): WorkstreamView['state'] {
  const gateFailed = gates.some((g) => g.required && g.state === 'failed');
  const gatesDone = gates.every((g) => TERMINAL_NODE_STATES.has(g.state));
  const started = (s: NodeState) => s !== 'pending' && s !== 'ready';
  if (!steps.length) return gateFailed ? 'failed' : gates.length && gatesDone ? 'succeeded' : gates.some((g) => started(g.state)) ? 'running' : 'pending';
  const done = steps.filter((s) => TERMINAL_NODE_STATES.has(s)).length;
  if (steps.every((s) => s === 'skipped')) return 'skipped';
  if (steps.includes('failed') || gateFailed) return 'failed';
  if (done === steps.length && steps.includes('skipped')) return 'skipped'; // canceled, deadline, fail_fast elsewhere: not complete
  if (done === steps.length && gatesDone) return 'succeeded';
  return steps.some(started) ? 'running' : 'pending';
}

/** Counts of nodes by state. */
function countNodes(states: readonly NodeState[]): NodeCounts {
  const c: NodeCounts = { succeeded: 0, failed: 0, skipped: 0, blocked: 0, running: 0, waiting: 0, total: states.length };
  for (const s of states) {
    if (s === 'succeeded' || s === 'failed' || s === 'skipped' || s === 'blocked' || s === 'running') c[s]++;
    else if (s === 'canceled') c.skipped++;
    else c.waiting++;
  }
  return c;
}

export interface RunStatusOptions {
  /**
   * Whether a process drives the run now (its lock is held). False for a live run left by Ctrl-C or a crash: it
   * shows as stopped, its clock stops at its last event, and it has no ETA. Default true.
   */
  readonly driven?: boolean;
}

export function buildRunStatus(state: RunState, now: number, options: RunStatusOptions = {}): RunStatusView {
  const { plan } = state;
  const live = state.status === 'running' || state.status === 'pending';
  const stopped = live && options.driven === false;
  // A stopped run's clock stops at its last event; a live run's runs on, over whatever downtime a resume ended.
  const end = state.endedAt ?? (stopped || state.status === 'paused' ? state.lastEventAt : now);
  const active = (from: number, to: number) => activeMs(state.downtime, from, to);
  // Repair rounds are shown with their gate (GateView.repair), not counted as the bundle's steps.
  const steps = [...plan.nodes.values()].filter((p) => p.kind === 'step' && !p.repair);
  const nodeOf = (id: string) => state.nodes.get(id)!;
  const terminal = (id: string) => TERMINAL_NODE_STATES.has(nodeOf(id).state);
  const completed = steps.filter((p) => terminal(p.id)).length;

  const stepView = (id: string): StepView => {
    const n = nodeOf(id);
    const p = plan.nodes.get(id)!;
    return {
      step_id: id,
      ...(p.step?.name !== undefined ? { name: p.step.name } : {}),
      state: n.state,
      attempts: n.attempts,
      ...(n.toolId !== undefined ? { tool_id: n.toolId } : {}),
      ...(n.route ? { route: `${n.route.strategy}${n.route.ruleId !== undefined ? ` (${n.route.ruleId})` : ''}: ${n.route.reason}` } : {}),
      ...(n.firstStartedAt !== undefined && n.endedAt !== undefined ? { duration_ms: active(n.firstStartedAt, n.endedAt) } : {}),
      ...(n.lastError && n.state !== 'succeeded' ? { error: `${n.lastError.errorClass}: ${n.lastError.message}` } : {}),
      ...(n.skip ? { skip_reason: n.skip.reason } : {}),
    };
  };

  const gateNodes = [...plan.nodes.values()].filter((p) => p.kind === 'gate');
  const workstreams: WorkstreamView[] = plan.bundle.workstreams.map((w) => {
    const ids = (w.steps ?? []).map((s) => s.step_id);
    const views = ids.map(stepView);
    const done = views.filter((v) => TERMINAL_NODE_STATES.has(v.state)).length;
    // A required gate must pass for the workstream to count as complete (docs/configuration.md, Gate).
    const gates = gateNodes.filter((p) => p.wsId === w.ws_id).map((p) => ({ required: p.gate!.required, state: nodeOf(p.id).state }));
    const st = workstreamState(views.map((v) => v.state), gates);
    return { ws_id: w.ws_id, ...(w.name !== undefined ? { name: w.name } : {}), state: st, done, total: ids.length, steps: views };
  });

  // ETA: the remaining critical path or the remaining work spread over max_parallel, whichever is longer,
  // with estimates scaled by how long finished steps actually took compared to their estimates.
  let estDone = 0;
  let actualDone = 0;
  for (const p of steps) {
    const n = nodeOf(p.id);
    if (n.state === 'succeeded' && n.startedAt !== undefined && n.endedAt !== undefined) {
      estDone += p.estimateSeconds * 1000;
      actualDone += n.endedAt - n.startedAt;
    }
  }
  const speed = estDone > 0 && actualDone > 0 ? actualDone / estDone : 1;
  const remaining = (id: string) => {
    const n = nodeOf(id);
    if (TERMINAL_NODE_STATES.has(n.state)) return 0;
    const est = plan.nodes.get(id)!.estimateSeconds * 1000 * speed;
    return n.state === 'running' && n.startedAt !== undefined ? Math.max(0, est - (now - n.startedAt)) : est;
  };
  let eta: number | null = null;
  if (live && !stopped) {
    const levels = bottomLevels(plan.dag, remaining, [...plan.order]);
    const work = plan.order.reduce((s, id) => s + remaining(id), 0);
    eta = Math.round(Math.max(0, ...levels.values(), work / plan.maxParallel));
  } else if (!live && state.status !== 'paused') eta = 0;
  const gateList = gateNodes.map((p) => nodeOf(p.id).state);

  return {
    run_id: state.runId,
    bundle_id: plan.bundle.bundle_id,
    ...(plan.bundle.bundle_name !== undefined ? { bundle_name: plan.bundle.bundle_name } : {}),
    state: stopped ? 'stopped' : state.status,
    ...(state.startedAt !== undefined ? { started_at_ms: state.startedAt } : {}),
    step_counts: countNodes(steps.map((p) => nodeOf(p.id).state)),
    gate_counts: countNodes(gateList),
    ...((state.pause?.message ?? state.completion?.message) !== undefined ? { message: (state.pause?.message ?? state.completion?.message)! } : {}),
    progress_pct: steps.length ? Math.round((completed / steps.length) * 1000) / 10 : 100,
    completed,
    total: steps.length,
    succeeded: steps.filter((p) => nodeOf(p.id).state === 'succeeded').length,
    running: [...state.running]
      .filter((id) => plan.nodes.get(id)!.kind === 'step')
      .map((id) => {
        const n = nodeOf(id);
        return { step_id: id, attempt: n.attempts, ...(n.toolId !== undefined ? { tool_id: n.toolId } : {}), elapsed_ms: active(n.startedAt ?? end, end) };
      }),
    failed: steps.filter((p) => nodeOf(p.id).state === 'failed').map((p) => p.id),
    skipped: steps.filter((p) => nodeOf(p.id).state === 'skipped').map((p) => p.id),
    blocked: steps.filter((p) => nodeOf(p.id).state === 'blocked').map((p) => p.id),
    cost: { spent_usd: state.budget.spentUsd, reserved_usd: Math.max(0, state.budget.reservedUsd), budget_usd: state.budget.limitUsd ?? null },
    tokens: { ...state.tokens },
    elapsed_ms: state.startedAt !== undefined ? active(state.startedAt, end) : 0,
    eta_ms: eta,
    workstreams,
    gates: [...plan.nodes.values()]
      .filter((p) => p.kind === 'gate')
      .map((p) => {
        const n = nodeOf(p.id);
        const repair = repairView(state, p.id);
        return { gate_id: p.gate!.gate_id, ws_id: p.wsId, type: p.gate!.type, state: n.state, required: p.gate!.required, blocking: p.gate!.blocking, ...(n.gate?.exitCode !== undefined ? { exit_code: n.gate.exitCode } : {}), ...(repair ? { repair } : {}) };
      }),
    warnings: state.warnings.map((w) => `${w.stepId ? `${w.stepId}: ` : ''}${w.message}`),
    priority_rule: state.priorityRule,
    ...buildRunAcceptance(plan, (id) => nodeOf(id).state),
  };
}

/** The latest round of a gate's repair loop that started, if any. */
function repairView(state: RunState, gateId: string): GateView['repair'] {
  const rounds = state.plan.repairs.get(gateId) ?? [];
  const id = rounds.filter((r) => state.nodes.get(r)!.attempts > 0).at(-1);
  if (id === undefined) return undefined;
  const n = state.nodes.get(id)!;
  return { step_id: id, round: rounds.indexOf(id) + 1, of: rounds.length, state: n.state, attempts: n.attempts };
}
