import type { Dag } from '../bundle/dag.js';

/**
 * List scheduling on a virtual clock: whenever a worker is free, start the ready node that comes first
 * in `order` (a priority order over all nodes), or, with no order, the one that became ready first
 * (a plain FIFO ready queue). Returns the makespan. Used at plan time to compare priority orders.
 */
export function simulateSchedule(dag: Dag, duration: (id: string) => number, order: readonly string[] | undefined, workers: number): number {
  const position = new Map<string, number>();
  order?.forEach((id, i) => position.set(id, i));
  let arrivals = 0;
  const key = (id: string) => (order ? position.get(id)! : arrivals++);
  const unmet = new Map<string, number>();
  for (const n of dag.nodes) unmet.set(n, (dag.deps.get(n) ?? []).length);
  const ready = new MinHeap();
  for (const n of dag.nodes) if (unmet.get(n) === 0) ready.push(key(n), n);
  const running = new MinHeap(); // keyed by finish time
  let now = 0;
  let makespan = 0;
  while (ready.size || running.size) {
    while (ready.size && running.size < workers) {
      const id = ready.pop()!;
      const end = now + duration(id);
      running.push(end, id);
    }
    const finishedAt = running.peekKey();
    if (finishedAt === undefined) break;
    now = finishedAt;
    // Finish every node ending at this instant before choosing, so ties see the full ready set.
    while (running.size && running.peekKey() === now) {
      const id = running.pop()!;
      makespan = Math.max(makespan, now);
      for (const d of dag.dependents.get(id) ?? []) {
        const left = unmet.get(d)! - 1;
        unmet.set(d, left);
        if (left === 0) ready.push(key(d), d);
      }
    }
  }
  return makespan;
}

/** A binary min-heap of (key, id), ties broken by insertion order. */
export class MinHeap {
  private readonly keys: number[] = [];
  private readonly ids: string[] = [];
  private readonly seqs: number[] = [];
  private counter = 0;

  get size(): number {
    return this.keys.length;
  }

  peekKey(): number | undefined {
    return this.keys[0];
  }

  push(key: number, id: string): void {
    this.keys.push(key);
    this.ids.push(id);
    this.seqs.push(this.counter++);
    this.up(this.keys.length - 1);
  }

  pop(): string | undefined {
    if (!this.keys.length) return undefined;
    const top = this.ids[0];
    const lastKey = this.keys.pop()!;
    const lastId = this.ids.pop()!;
    const lastSeq = this.seqs.pop()!;
    if (this.keys.length) {
      this.keys[0] = lastKey;
      this.ids[0] = lastId;
      this.seqs[0] = lastSeq;
      this.down(0);
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    return ka < kb || (ka === kb && this.seqs[a]! < this.seqs[b]!);
  }

  private swap(a: number, b: number): void {
    [this.keys[a], this.keys[b]] = [this.keys[b]!, this.keys[a]!];
    [this.ids[a], this.ids[b]] = [this.ids[b]!, this.ids[a]!];
    [this.seqs[a], this.seqs[b]] = [this.seqs[b]!, this.seqs[a]!];
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const n = this.keys.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }
}
