import { CycleError } from '../errors.js';

/** A DAG over string ids. `deps.get(x)` are the nodes x depends on (its predecessors). */
export interface Dag {
  readonly nodes: readonly string[];
  readonly deps: ReadonlyMap<string, readonly string[]>;
  readonly dependents: ReadonlyMap<string, readonly string[]>;
}

/** Builds a DAG from nodes and their dependencies. Unknown dependency ids must be checked by the caller. */
export function buildDag(nodes: readonly string[], depsOf: (id: string) => readonly string[]): Dag {
  const deps = new Map<string, readonly string[]>();
  const dependents = new Map<string, string[]>();
  for (const n of nodes) dependents.set(n, []);
  for (const n of nodes) {
    const d = depsOf(n);
    deps.set(n, d);
    for (const p of d) dependents.get(p)?.push(n);
  }
  return { nodes, deps, dependents };
}

/** Finds one dependency cycle, returned as a closed path such as ['a', 'b', 'c', 'a'], or undefined. */
export function findCycle(dag: Dag): string[] | undefined {
  const WHITE = 0;
  const GREY = 1;
  const BLACK = 2;
  const color = new Map<string, number>(dag.nodes.map((n) => [n, WHITE]));
  // Iterative DFS along dependency edges; the stack holds the current path.
  for (const start of dag.nodes) {
    if (color.get(start) !== WHITE) continue;
    const path: string[] = [];
    const iters: number[] = [];
    path.push(start);
    iters.push(0);
    color.set(start, GREY);
    while (path.length) {
      const top = path[path.length - 1]!;
      const i = iters[iters.length - 1]!;
      const next = (dag.deps.get(top) ?? [])[i];
      if (next === undefined) {
        color.set(top, BLACK);
        path.pop();
        iters.pop();
        continue;
      }
      iters[iters.length - 1] = i + 1;
      const c = color.get(next);
      if (c === GREY) {
        // path from `next` to `top`, then back to `next`; reverse so it reads in execution order.
        const cycle = path.slice(path.indexOf(next));
        cycle.push(next);
        return cycle.reverse();
      }
      if (c === WHITE) {
        color.set(next, GREY);
        path.push(next);
        iters.push(0);
      }
    }
  }
  return undefined;
}

/** Kahn's algorithm. Throws CycleError with the cycle path when the graph is not acyclic. */
export function topologicalOrder(dag: Dag): string[] {
  const indegree = new Map<string, number>();
  for (const n of dag.nodes) indegree.set(n, (dag.deps.get(n) ?? []).length);
  const queue = dag.nodes.filter((n) => indegree.get(n) === 0);
  const order: string[] = [];
  for (let head = 0; head < queue.length; head++) {
    const n = queue[head]!;
    order.push(n);
    for (const d of dag.dependents.get(n) ?? []) {
      const left = indegree.get(d)! - 1;
      indegree.set(d, left);
      if (left === 0) queue.push(d);
    }
  }
  if (order.length !== dag.nodes.length) throw new CycleError(findCycle(dag) ?? []);
  return order;
}

/**
 * b-level of every node: the longest path from the node to a sink, counting the node's own duration.
 * It is the critical-path priority: scheduling the largest b-level first keeps the longest chain moving.
 */
export function bottomLevels(dag: Dag, duration: (id: string) => number, order = topologicalOrder(dag)): Map<string, number> {
  const level = new Map<string, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    let longest = 0;
    for (const d of dag.dependents.get(n) ?? []) longest = Math.max(longest, level.get(d)!);
    level.set(n, duration(n) + longest);
  }
  return level;
}

/** t-level of every node: the longest path from a source to the node, excluding its own duration. */
export function topLevels(dag: Dag, duration: (id: string) => number, order = topologicalOrder(dag)): Map<string, number> {
  const level = new Map<string, number>();
  for (const n of order) {
    let longest = 0;
    for (const p of dag.deps.get(n) ?? []) longest = Math.max(longest, level.get(p)! + duration(p));
    level.set(n, longest);
  }
  return level;
}

/** Waves: nodes grouped by depth (longest number of edges from a source). */
export function waves(dag: Dag, order = topologicalOrder(dag)): string[][] {
  const depth = new Map<string, number>();
  const result: string[][] = [];
  for (const n of order) {
    let d = 0;
    for (const p of dag.deps.get(n) ?? []) d = Math.max(d, depth.get(p)! + 1);
    depth.set(n, d);
    (result[d] ??= []).push(n);
  }
  return result;
}

/** All nodes reachable along dependents from the given nodes (excluding them). */
export function descendants(dag: Dag, from: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length) {
    const n = stack.pop()!;
    for (const d of dag.dependents.get(n) ?? []) {
      if (!seen.has(d)) {
        seen.add(d);
        stack.push(d);
      }
    }
  }
  return seen;
}
