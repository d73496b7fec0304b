// Scheduler benchmark: makespan of the real engine (fold/decide on a virtual clock) against the lower bound
// max(critical path, ceil(total work / m)) on the fixed DAG set, beside a plain FIFO ready queue; then the
// engine's overhead per step through the real driver and the file store. Ends with one JSON line.
import { readFileSync } from 'node:fs';
import { buildDag, bottomLevels } from '../src/core/bundle/index.js';
import { simulateSchedule } from '../src/core/run/index.js';
import { bundleOfDag, simulateEngine, type BenchDag } from './engine-simulation.js';
import { measureOverhead } from './engine-overhead.js';

const file = process.env.UET_BENCH_DAGS ?? '../shared/bench/scheduler-dags.json';
const { dags } = JSON.parse(readFileSync(file, 'utf8')) as { dags: BenchDag[] };

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { mean: s.reduce((a, b) => a + b, 0) / s.length, p95: s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!, max: s[s.length - 1]! };
};

const engine: number[] = [];
const fifo: number[] = [];
const byKind = new Map<string, number[]>();
for (const d of dags) {
  const dur = new Map(d.tasks.map((t) => [t.id, t.duration]));
  const dag = buildDag(d.tasks.map((t) => t.id), (id) => d.tasks.find((t) => t.id === id)!.deps);
  const levels = bottomLevels(dag, (id) => dur.get(id)!);
  const cp = Math.max(...levels.values());
  const work = d.tasks.reduce((a, t) => a + t.duration, 0);
  const bound = Math.max(cp, Math.ceil(work / d.m));
  const ours = simulateEngine(bundleOfDag(d)) / bound;
  engine.push(ours);
  fifo.push(simulateSchedule(dag, (id) => dur.get(id)!, undefined, d.m) / bound);
  byKind.set(d.kind, [...(byKind.get(d.kind) ?? []), ours]);
}
const e = stats(engine);
const f = stats(fifo);
console.log(`scheduler quality on ${dags.length} DAGs (makespan / lower bound)`);
console.log(`  engine (critical path first): mean ${e.mean.toFixed(4)}  p95 ${e.p95.toFixed(4)}  max ${e.max.toFixed(4)}`);
console.log(`  plain FIFO ready queue:        mean ${f.mean.toFixed(4)}  p95 ${f.p95.toFixed(4)}  max ${f.max.toFixed(4)}`);
for (const [kind, xs] of byKind) console.log(`  ${kind.padEnd(10)} engine mean ${stats(xs).mean.toFixed(4)} (n=${xs.length})`);

const overhead = await measureOverhead();
const fmt = (x: { min: number; median: number; max: number }, d = 3) => `${x.min.toFixed(d)} / ${x.median.toFixed(d)} / ${x.max.toFixed(d)}`;
console.log(
  `engine overhead (real fold/decide/driver, fsync'd file store, no-op steps), ms per step min / median / max of 5: 1k ${fmt(overhead.ms1k)} (CPU ${fmt(overhead.cpu1k)}), 10k ${fmt(overhead.ms10k)} (CPU ${fmt(overhead.cpu10k)}); one fsync'd append ${overhead.fsyncMs.toFixed(3)} ms; 10k per step / fsync'd append ${fmt(overhead.ratio10kVsFsync)}; load ${overhead.loadStart.toFixed(2)} -> ${overhead.loadEnd.toFixed(2)}`,
);
const r4 = (x: number) => +x.toFixed(4);
console.log(
  JSON.stringify({
    makespan_ratio_mean: +e.mean.toFixed(4),
    makespan_ratio_p95: +e.p95.toFixed(4),
    makespan_ratio_max: +e.max.toFixed(4),
    fifo_ratio_mean: +f.mean.toFixed(4),
    fifo_ratio_p95: +f.p95.toFixed(4),
    overhead_ms_per_step_1k: r4(overhead.ms1k.median),
    overhead_ms_per_step_10k: r4(overhead.ms10k.median),
    overhead_ms_per_step_10k_min: r4(overhead.ms10k.min),
    overhead_ms_per_step_10k_max: r4(overhead.ms10k.max),
    overhead_cpu_ms_per_step_1k: r4(overhead.cpu1k.median),
    overhead_cpu_ms_per_step_10k: r4(overhead.cpu10k.median),
    overhead_cpu_10k_over_1k: r4(overhead.cpu10k.median / overhead.cpu1k.median),
    overhead_10k_over_1k: r4(overhead.ms10k.median / overhead.ms1k.median),
    fsync_append_ms: r4(overhead.fsyncMs),
    overhead_10k_ratio_vs_fsync_append: r4(overhead.ratio10kVsFsync.median),
    overhead_10k_ratio_vs_fsync_append_min: r4(overhead.ratio10kVsFsync.min),
    overhead_10k_ratio_vs_fsync_append_max: r4(overhead.ratio10kVsFsync.max),
    load_avg_1m: +overhead.loadStart.toFixed(2),
    load_avg_1m_end: +overhead.loadEnd.toFixed(2),
  }),
);
