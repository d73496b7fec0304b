import type { Plan } from '../bundle/build-plan.js';
import { bottomLevels, topLevels } from '../bundle/dag.js';
import { simulateSchedule } from './simulate-schedule.js';

/** Exact descendant work is affordable up to this many nodes (bitset reachability). */
const EXACT_WORK_LIMIT = 3000;

export interface PriorityChoice {
  /** Node ids, highest priority first. */
  readonly order: readonly string[];
  /** Which candidate rule won, and the makespans the plan-time simulation found for each. */
  readonly rule: string;
  readonly simulated: Readonly<Record<string, number>>;
}

/** For each node, the total estimated work of its descendants (exact, via reachability bitsets). */
function descendantWork(plan: Plan, duration: (id: string) => number): Map<string, number> | undefined {
  const n = plan.order.length;
  if (n > EXACT_WORK_LIMIT) return undefined;
  const index = new Map(plan.order.map((id, i) => [id, i]));
  const words = Math.ceil(n / 32);
  const reach = new Map<string, Uint32Array>();
  for (let i = n - 1; i >= 0; i--) {
    const id = plan.order[i]!;
    const bits = new Uint32Array(words);
    for (const d of plan.dag.dependents.get(id) ?? []) {
      const j = index.get(d)!;
      bits[j >> 5]! |= 1 << (j & 31);
      const sub = reach.get(d)!;
      for (let w = 0; w < words; w++) bits[w]! |= sub[w]!;
    }
    reach.set(id, bits);
  }
  const work = new Map<string, number>();
  for (const id of plan.order) {
    const bits = reach.get(id)!;
    let sum = 0;
    for (let j = 0; j < n; j++) if (bits[j >> 5]! & (1 << (j & 31))) sum += duration(plan.order[j]!);
    work.set(id, sum);
  }
  return work;
}

/**
 * Chooses the scheduling priority of a plan: critical path first (b-level), with tie-breaks, and a few
 * width-aware variants. Each candidate order is list-scheduled on the estimates with `workers` slots and
 * the shortest simulated makespan wins (ties keep the earlier, simpler rule). Foreground workstreams
 * always come before background ones. Deterministic: the same plan gives the same order.
 */
export function choosePriority(plan: Plan, workers = plan.maxParallel): PriorityChoice {
  const duration = (id: string) => plan.nodes.get(id)!.estimateSeconds;
  const blevel = bottomLevels(plan.dag, duration, [...plan.order]);
  const tlevel = topLevels(plan.dag, duration, [...plan.order]);
  const topo = new Map(plan.order.map((id, i) => [id, i]));
  const background = (id: string) => {
    const ws = plan.nodes.get(id)!.wsId;
    return ws !== null && plan.workstreams.get(ws)?.priority === 'background' ? 1 : 0;
  };
  const fanout = (id: string) => (plan.dag.dependents.get(id) ?? []).length;
  const work = descendantWork(plan, duration);

  type Key = (id: string) => number[];
  const candidates: [string, Key][] = [
    ['b_level', (id) => [background(id), -blevel.get(id)!, topo.get(id)!]],
    ['b_level_longest_first', (id) => [background(id), -blevel.get(id)!, -duration(id), topo.get(id)!]],
    ['b_level_fanout', (id) => [background(id), -blevel.get(id)!, -fanout(id), topo.get(id)!]],
    ['b_plus_t_level', (id) => [background(id), -(blevel.get(id)! + tlevel.get(id)!), -blevel.get(id)!, topo.get(id)!]],
  ];
  if (work) {
    const bound = (id: string) => Math.max(blevel.get(id)!, duration(id) + work.get(id)! / workers);
    candidates.push(['remaining_work_bound', (id) => [background(id), -bound(id), -blevel.get(id)!, topo.get(id)!]]);
    candidates.push(['b_level_then_work', (id) => [background(id), -blevel.get(id)!, -work.get(id)!, topo.get(id)!]]);
  }

  let best: { rule: string; order: string[]; makespan: number } | undefined;
  const simulated: Record<string, number> = {};
  for (const [rule, key] of candidates) {
    const keys = new Map(plan.order.map((id) => [id, key(id)]));
    const order = [...plan.order].sort((a, b) => compareKeys(keys.get(a)!, keys.get(b)!));
    const makespan = simulateSchedule(plan.dag, duration, order, workers);
    simulated[rule] = makespan;
    if (!best || makespan < best.makespan - 1e-9) best = { rule, order, makespan };
  }
  return { order: best!.order, rule: best!.rule, simulated };
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return 0;
}
