import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScriptedExecutor } from '../src/adapters/memory/scripted-executor.js';
import { createFileEventStore } from '../src/adapters/store/file-event-store.js';
import { createSystemClock } from '../src/adapters/system-clock.js';
import { createUlidSource } from '../src/adapters/ulid-source.js';
import type { WorkstreamBundle } from '../src/core/contracts/index.js';
import { createRun, driveRun } from '../src/core/run/index.js';

/** A layered DAG of no-op steps: layers of `width`, each step depending on two steps of the layer before. */
export function noopBundle(steps: number, width = 16): WorkstreamBundle {
  const ids = Array.from({ length: steps }, (_, i) => `s${i}`);
  return {
    bundle_id: `noop-${steps}`,
    max_parallel: width,
    workstreams: [
      {
        ws_id: 'W',
        steps: ids.map((id, i) => {
          const layer = Math.floor(i / width);
          const deps = layer === 0 ? [] : [...new Set([`s${(layer - 1) * width + (i % width)}`, `s${(layer - 1) * width + ((i * 7) % width)}`])];
          return { step_id: id, depends_on: deps, estimate_seconds: 1 };
        }),
      },
    ],
  };
}

/** ms per step of a whole run (create, plan, every decision and event, fsync'd file store). */
export async function timeRun(steps: number): Promise<number> {
  return (await timeRunWithCpu(steps)).ms;
}

/** timeRun, with the CPU time of the process (user + system, libuv's threads included) per step. */
export async function timeRunWithCpu(steps: number): Promise<{ ms: number; cpuMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'uet-bench-'));
  try {
    const ports = { store: createFileEventStore(dir), clock: createSystemClock(), ids: createUlidSource() };
    const started = performance.now();
    const cpu = process.cpuUsage();
    const runId = await createRun({ bundle: noopBundle(steps), options: {}, origin: { kind: 'manual' } }, ports);
    const state = await driveRun(runId, { ...ports, executor: createScriptedExecutor() });
    const elapsed = performance.now() - started;
    const used = process.cpuUsage(cpu);
    if (state.status !== 'succeeded') throw new Error(`overhead run ended ${state.status}`);
    return { ms: elapsed / steps, cpuMs: (used.user + used.system) / 1000 / steps };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The reference, measured beside each run: one appended event line (300 bytes) followed by fsync, the least a
 * durable event log pays per write, in ms (median of `count`).
 */
export function timeFsyncAppend(count = 50): number {
  const dir = mkdtempSync(join(tmpdir(), 'uet-bench-fsync-'));
  try {
    const fd = openSync(join(dir, 'events.jsonl'), 'w');
    const line = `${JSON.stringify({ type: 'step_succeeded', data: { pad: 'x'.repeat(240) } })}\n`;
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      writeSync(fd, line);
      fsyncSync(fd);
      times.push(performance.now() - started);
    }
    closeSync(fd);
    return spread(times).median;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export const spread = (xs: readonly number[]): Spread => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor((s.length - 1) / 2)]!, max: s.at(-1)! };
};

export interface Overhead {
  /** ms per step at 1k and 10k steps: min, median and max over `runs`. */
  readonly ms1k: Spread;
  readonly ms10k: Spread;
  /** CPU ms per step at 1k and 10k steps (less moved by the machine's load than wall time). */
  readonly cpu1k: Spread;
  readonly cpu10k: Spread;
  /** The reference: one fsync'd append of an event line, ms (median of the medians measured before each run). */
  readonly fsyncMs: number;
  /** 10k ms per step over the fsync'd append measured just before it: min, median and max. */
  readonly ratio10kVsFsync: Spread;
  readonly loadStart: number;
  readonly loadEnd: number;
}

export async function measureOverhead(runs = 5): Promise<Overhead> {
  await timeRun(200); // warm up the JIT
  const loadStart = loadavg()[0]!;
  const ms1k: number[] = [];
  const ms10k: number[] = [];
  const cpu1k: number[] = [];
  const cpu10k: number[] = [];
  const fsync: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < runs; r++) {
    const small = await timeRunWithCpu(1000);
    ms1k.push(small.ms);
    cpu1k.push(small.cpuMs);
    const reference = timeFsyncAppend();
    fsync.push(reference);
    const { ms, cpuMs } = await timeRunWithCpu(10_000);
    ms10k.push(ms);
    cpu10k.push(cpuMs);
    ratios.push(ms / reference);
  }
  return {
    ms1k: spread(ms1k),
    ms10k: spread(ms10k),
    cpu1k: spread(cpu1k),
    cpu10k: spread(cpu10k),
    fsyncMs: spread(fsync).median,
    ratio10kVsFsync: spread(ratios),
    loadStart,
    loadEnd: loadavg()[0]!,
  };
}
