import type { GateRepair, Step, TestGate, Workstream, WorkstreamBundle } from '../contracts/index.js';
import type { DocumentIssue } from '../errors.js';
import { buildDag, findCycle, topologicalOrder, type Dag } from './dag.js';
import { BUNDLE_DEFAULTS, STEP_DEFAULTS } from './defaults.js';
import { checkStepEnv } from './check-step-env.js';
import { buildRepairStep, checkGateRepairs, repairEstimateSeconds, repairNodeId, type RepairOf } from './plan-repairs.js';

export type NodeKind = 'step' | 'gate';

/** One schedulable node of a plan: a step, or a validation gate of a workstream or of the bundle. */
export interface PlanNode {
  readonly id: string;
  readonly kind: NodeKind;
  /** The workstream, or null for a bundle-level gate. */
  readonly wsId: string | null;
  readonly deps: readonly string[];
  readonly estimateSeconds: number;
  readonly estimateCostUsd: number;
  readonly parallelOk: boolean;
  readonly step?: Step;
  readonly gate?: Required<Pick<TestGate, 'gate_id' | 'type' | 'command' | 'required' | 'blocking' | 'timeout_seconds'>> &
    Pick<TestGate, 'name'> & { readonly repair?: GateRepair };
  /** A round of a gate's repair loop (a step outside the DAG, made ready by its gate's failure: fold-repairs.ts). */
  readonly repair?: RepairOf;
}

export interface Plan {
  readonly bundle: WorkstreamBundle;
  readonly nodes: ReadonlyMap<string, PlanNode>;
  readonly workstreams: ReadonlyMap<string, Workstream>;
  /** Topological order of node ids: the DAG's nodes, which repair rounds are not (see `repairs`). */
  readonly order: readonly string[];
  /** The repair rounds of each gate that has a repair loop, by the gate's node id, in round order. */
  readonly repairs: ReadonlyMap<string, readonly string[]>;
  readonly dag: Dag;
  readonly maxParallel: number;
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; issues: DocumentIssue[] };

export const gateNodeId = (wsId: string | null, gateId: string) => `gate:${wsId ?? 'bundle'}:${gateId}`;

function normalizeGates(gates: readonly TestGate[] | undefined): NonNullable<PlanNode['gate']>[] {
  const seen = new Map<string, number>();
  return (gates ?? []).map((g, i) => {
    const base = g.gate_id ?? `${g.type.toLowerCase()}-${i}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return {
      gate_id: n === 0 ? base : `${base}-${n}`,
      type: g.type,
      command: g.command,
      required: g.required ?? true,
      blocking: g.blocking ?? true,
      timeout_seconds: g.timeout_seconds ?? 600,
      ...(g.name !== undefined ? { name: g.name } : {}),
      ...(g.on_failure?.repair ? { repair: g.on_failure.repair } : {}),
    };
  });
}

/**
 * Checks what a schema cannot (duplicate ids, unknown references, cycles, a context.env variable that could redirect
 * an AI tool's key: checkStepEnv) and builds the plan: the DAG of
 * steps and gates. Workstream `depends_on` becomes edges from the dependent workstream's steps to every
 * step and gate of the workstream it depends on (through its sinks and gates, which is equivalent).
 */
export function buildPlan(bundle: WorkstreamBundle, options: { maxParallel?: number } = {}): PlanResult {
  const issues: DocumentIssue[] = [];
  const workstreams = new Map<string, Workstream>();
  const stepWs = new Map<string, string>();
  bundle.workstreams.forEach((ws, wi) => {
    if (workstreams.has(ws.ws_id)) issues.push({ pointer: `/workstreams/${wi}/ws_id`, message: `duplicate workstream id "${ws.ws_id}"` });
    workstreams.set(ws.ws_id, ws);
    (ws.steps ?? []).forEach((s, si) => {
      if (stepWs.has(s.step_id)) {
        issues.push({ pointer: `/workstreams/${wi}/steps/${si}/step_id`, message: `duplicate step id "${s.step_id}" (also in workstream ${stepWs.get(s.step_id)})` });
      } else stepWs.set(s.step_id, ws.ws_id);
    });
  });
  bundle.workstreams.forEach((ws, wi) => {
    (ws.depends_on ?? []).forEach((d, di) => {
      if (!workstreams.has(d)) issues.push({ pointer: `/workstreams/${wi}/depends_on/${di}`, message: `unknown workstream "${d}"` });
      else if (d === ws.ws_id) issues.push({ pointer: `/workstreams/${wi}/depends_on/${di}`, message: `workstream "${d}" depends on itself` });
    });
    (ws.steps ?? []).forEach((s, si) => {
      for (const r of checkStepEnv(s.context?.env))
        issues.push({
          pointer: `/workstreams/${wi}/steps/${si}/context/env/${r.name.replace(/~/g, '~0').replace(/\//g, '~1')}`,
          message: `a step may not set ${r.name}: ${r.reason} (its variables reach the AI tool, which holds an API key; see docs/tools.md#environment)`,
        });
      (s.depends_on ?? []).forEach((d, di) => {
        const at = `/workstreams/${wi}/steps/${si}/depends_on/${di}`;
        if (!stepWs.has(d)) issues.push({ pointer: at, message: `unknown step "${d}"${workstreams.has(d) ? ' (that is a workstream id: use the workstream depends_on)' : ''}` });
        else if (d === s.step_id) issues.push({ pointer: at, message: `step "${d}" depends on itself` });
      });
    });
  });
  const gateIds = new Map(bundle.workstreams.map((w) => [w.ws_id, normalizeGates(w.test_gates).map((g) => g.gate_id)]));
  issues.push(...checkGateRepairs(bundle, gateIds, new Set(stepWs.keys())));
  if (issues.length) return { ok: false, issues };

  // Workstream-level cycles read best in workstream terms.
  const wsDag = buildDag([...workstreams.keys()], (id) => workstreams.get(id)?.depends_on ?? []);
  const wsCycle = findCycle(wsDag);
  if (wsCycle) {
    const wi = bundle.workstreams.findIndex((w) => w.ws_id === wsCycle[0]);
    return { ok: false, issues: [{ pointer: `/workstreams/${wi}/depends_on`, message: `dependency cycle: ${wsCycle.join(' -> ')}` }] };
  }

  const defaultEstimate = bundle.default_estimate_seconds ?? BUNDLE_DEFAULTS.default_estimate_seconds;
  const nodes = new Map<string, PlanNode>();
  const wsMembers = new Map<string, string[]>();
  const repairNodes: PlanNode[] = [];
  const repairs = new Map<string, string[]>();
  for (const ws of bundle.workstreams) {
    const members: string[] = [];
    const wsParallel = ws.parallel_ok ?? true;
    const upstream = (ws.depends_on ?? []).flatMap((d) => wsMembers.get(d) ?? []);
    for (const s of ws.steps ?? []) {
      members.push(s.step_id);
      nodes.set(s.step_id, {
        id: s.step_id,
        kind: 'step',
        wsId: ws.ws_id,
        deps: [...new Set([...(s.depends_on ?? []), ...upstream])],
        estimateSeconds: s.estimate_seconds ?? defaultEstimate,
        estimateCostUsd: s.estimate_cost_usd ?? STEP_DEFAULTS.estimate_cost_usd,
        parallelOk: s.parallel_ok ?? wsParallel,
        step: s,
      });
    }
    const stepIds = [...members];
    for (const g of normalizeGates(ws.test_gates)) {
      const id = gateNodeId(ws.ws_id, g.gate_id);
      members.push(id);
      nodes.set(id, { id, kind: 'gate', wsId: ws.ws_id, deps: stepIds.length ? stepIds : upstream, estimateSeconds: Math.min(defaultEstimate, g.timeout_seconds), estimateCostUsd: 0, parallelOk: true, gate: g });
      if (!g.repair) continue;
      const rounds = Array.from({ length: g.repair.max_attempts }, (_v, r) => repairNodeId(ws.ws_id, g.gate_id, r + 1));
      repairs.set(id, rounds);
      rounds.forEach((rid, r) => {
        const step = buildRepairStep(g, g.repair!, rid, r + 1);
        repairNodes.push({
          id: rid,
          kind: 'step',
          wsId: ws.ws_id,
          deps: [],
          estimateSeconds: repairEstimateSeconds(g.repair!, defaultEstimate),
          estimateCostUsd: step.estimate_cost_usd ?? STEP_DEFAULTS.estimate_cost_usd,
          parallelOk: true,
          step,
          repair: { gateNodeId: id, round: r + 1, maxAttempts: g.repair!.max_attempts },
        });
      });
    }
    wsMembers.set(ws.ws_id, members);
  }
  // Workstreams are declared in any order: resolve upstream edges after all members are known.
  for (const ws of bundle.workstreams) {
    const upstream = (ws.depends_on ?? []).flatMap((d) => wsMembers.get(d) ?? []);
    if (!upstream.length) continue;
    for (const id of wsMembers.get(ws.ws_id) ?? []) {
      const n = nodes.get(id)!;
      if (n.kind === 'gate' && (ws.steps ?? []).length) continue;
      nodes.set(id, { ...n, deps: [...new Set([...n.deps, ...upstream])] });
    }
  }
  const allIds = [...nodes.keys()];
  for (const g of normalizeGates(bundle.test_gates)) {
    const id = gateNodeId(null, g.gate_id);
    nodes.set(id, { id, kind: 'gate', wsId: null, deps: allIds, estimateSeconds: Math.min(defaultEstimate, g.timeout_seconds), estimateCostUsd: 0, parallelOk: true, gate: g });
  }

  const dag = buildDag([...nodes.keys()], (id) => nodes.get(id)!.deps);
  const cycle = findCycle(dag);
  if (cycle) {
    const first = cycle[0]!;
    const ws = stepWs.get(first);
    const wi = bundle.workstreams.findIndex((w) => w.ws_id === ws);
    const si = (bundle.workstreams[wi]?.steps ?? []).findIndex((s) => s.step_id === first);
    return { ok: false, issues: [{ pointer: `/workstreams/${wi}/steps/${si}/depends_on`, message: `dependency cycle: ${cycle.join(' -> ')}` }] };
  }
  const maxParallel = options.maxParallel ?? bundle.max_parallel ?? BUNDLE_DEFAULTS.max_parallel;
  // Repair rounds are nodes (claimed, dispatched and recorded like steps) but not part of the DAG.
  for (const r of repairNodes) nodes.set(r.id, r);
  return { ok: true, plan: { bundle, nodes, workstreams, order: topologicalOrder(dag), repairs, dag, maxParallel } };
}
