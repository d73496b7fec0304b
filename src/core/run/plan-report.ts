import type { Plan } from '../bundle/build-plan.js';
import { bottomLevels, waves } from '../bundle/dag.js';
import { choosePriority } from './priority.js';
import type { RunRouting } from './events.js';
import { planRoutes } from './resolve-tool.js';
import { simulateSchedule } from './simulate-schedule.js';

export interface PlanReport {
  bundle_id: string;
  max_parallel: number;
  steps: number;
  gates: number;
  waves: string[][];
  critical_path: string[];
  critical_path_seconds: number;
  total_work_seconds: number;
  /** Estimated makespan with max_parallel slots, by list-scheduling the chosen priority order. */
  estimated_makespan_seconds: number;
  lower_bound_seconds: number;
  priority_rule: string;
  /** Groups of workstreams that may run at the same time (same workstream-dependency depth). */
  parallel_workstreams: string[][];
  /** estimated_cost_usd: the steps'; repair_cost_usd_max: what every repair round would reserve, if every gate failed. */
  budget: { bundle_usd: number | null; workstreams: { ws_id: string; max_cost_usd: number | null }[]; estimated_cost_usd: number; repair_cost_usd_max?: number };
  tools: Record<string, string>;
  /** How each step's tool would be chosen at the start of a run (docs/routing.md). */
  routes: { step_id: string; tool_id: string; strategy: string; reason: string; rule_id?: string }[];
  /** Where the router_config came from (a repository path, or built-in). */
  router_config_source: string;
  gate_list: { node: string; ws_id: string | null; type: string; command: string; blocking: boolean; required: boolean; repair?: PlannedRepair }[];
}

/** A gate's repair loop as a plan shows it: what may run when the gate fails (ADR 0024). */
export interface PlannedRepair {
  tool_id: string;
  max_attempts: number;
  /** The step ids of its rounds, in order. */
  step_ids: string[];
  command?: string;
  instruction?: string;
  /** Reserved from the budgets before each round. */
  estimate_cost_usd_each: number;
}

/** A dry run's view of a plan: waves, critical path, makespan estimate, parallelism and budget. Pure. */
export function buildPlanReport(plan: Plan, routing?: RunRouting): PlanReport {
  const duration = (id: string) => plan.nodes.get(id)!.estimateSeconds;
  const levels = bottomLevels(plan.dag, duration, [...plan.order]);
  let node = [...levels.entries()].filter(([id]) => (plan.dag.deps.get(id) ?? []).length === 0).sort((a, b) => b[1] - a[1])[0]?.[0];
  const critical: string[] = [];
  while (node !== undefined) {
    critical.push(node);
    const rest = levels.get(node)! - duration(node);
    node = (plan.dag.dependents.get(node) ?? []).find((d) => Math.abs(levels.get(d)! - rest) < 1e-9);
  }
  const priority = choosePriority(plan);
  const routes = planRoutes(plan, priority.order, routing);
  const total = plan.order.reduce((s, id) => s + duration(id), 0);
  const criticalSeconds = Math.max(0, ...levels.values());

  const wsDepth = new Map<string, number>();
  const depthOf = (ws: string): number => {
    const known = wsDepth.get(ws);
    if (known !== undefined) return known;
    const deps = plan.workstreams.get(ws)?.depends_on ?? [];
    const d = deps.length ? 1 + Math.max(...deps.map(depthOf)) : 0;
    wsDepth.set(ws, d);
    return d;
  };
  const groups: string[][] = [];
  for (const ws of plan.workstreams.keys()) (groups[depthOf(ws)] ??= []).push(ws);

  const steps = [...plan.nodes.values()].filter((n) => n.kind === 'step' && !n.repair);
  const gates = [...plan.nodes.values()].filter((n) => n.kind === 'gate');
  return {
    bundle_id: plan.bundle.bundle_id,
    max_parallel: plan.maxParallel,
    steps: steps.length,
    gates: gates.length,
    waves: waves(plan.dag, [...plan.order]),
    critical_path: critical,
    critical_path_seconds: criticalSeconds,
    total_work_seconds: total,
    estimated_makespan_seconds: simulateSchedule(plan.dag, duration, priority.order, plan.maxParallel),
    lower_bound_seconds: Math.max(criticalSeconds, total / plan.maxParallel),
    priority_rule: priority.rule,
    parallel_workstreams: groups.filter((g) => g.length > 0),
    budget: {
      ...(plan.repairs.size ? { repair_cost_usd_max: [...plan.repairs.values()].flat().reduce((s, id) => s + plan.nodes.get(id)!.estimateCostUsd, 0) } : {}),
      bundle_usd: plan.bundle.max_cost_usd ?? null,
      workstreams: [...plan.workstreams.values()].map((w) => ({ ws_id: w.ws_id, max_cost_usd: w.max_cost_usd ?? null })),
      estimated_cost_usd: steps.reduce((s, n) => s + n.estimateCostUsd, 0),
    },
    tools: Object.fromEntries([...routes].map(([id, d]) => [id, d.toolId])),
    routes: [...routes].map(([id, d]) => ({ step_id: id, tool_id: d.toolId, strategy: d.strategy, reason: d.reason, ...(d.ruleId !== undefined ? { rule_id: d.ruleId } : {}) })),
    router_config_source: routing?.source ?? 'built-in',
    gate_list: gates.map((g) => {
      const repair = plannedRepair(plan, g.id);
      return { node: g.id, ws_id: g.wsId, type: g.gate!.type, command: g.gate!.command, blocking: g.gate!.blocking, required: g.gate!.required, ...(repair ? { repair } : {}) };
    }),
  };
}

/** The repair loop of a gate node, if it has one. */
function plannedRepair(plan: Plan, gateId: string): PlannedRepair | undefined {
  const rounds = plan.repairs.get(gateId);
  const first = rounds?.[0] !== undefined ? plan.nodes.get(rounds[0]) : undefined;
  if (!rounds || !first?.step) return undefined;
  const ctx = first.step.context;
  return {
    tool_id: first.step.tool_profile_id ?? 'shell',
    max_attempts: rounds.length,
    step_ids: [...rounds],
    ...(ctx?.command !== undefined ? { command: ctx.command } : {}),
    ...(ctx?.instruction !== undefined ? { instruction: ctx.instruction } : {}),
    estimate_cost_usd_each: first.estimateCostUsd,
  };
}
