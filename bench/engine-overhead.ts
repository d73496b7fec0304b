import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  const dir = mkdtempSync(join(tmpdir(), 'uet-bench-'));
  try {
    const ports = { store: createFileEventStore(dir), clock: createSystemClock(), ids: createUlidSource() };
    const started = performance.now();
    const runId = await createRun({ bundle: noopBundle(steps), options: {}, origin: { kind: 'manual' } }, ports);
    const state = await driveRun(runId, { ...ports, executor: createScriptedExecutor() });
    const elapsed = performance.now() - started;
    if (state.status !== 'succeeded') throw new Error(`overhead run ended ${state.status}`);
    return elapsed / steps;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function measureOverhead(): Promise<{ ms1k: number; ms10k: number }> {
  await timeRun(200); // warm up the JIT
  const ms1k = await timeRun(1000);
  const ms10k = await timeRun(10_000);
  return { ms1k, ms10k };
}
