import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScriptedExecutor } from '../../../src/adapters/memory/scripted-executor.js';
import type { WorkstreamBundle } from '../../../src/core/contracts/index.js';
import { validateDocument } from '../../../src/core/contracts/index.js';
import { toRunRecord, toStepAttempts, type ErrorClass, type RunEvent } from '../../../src/core/run/index.js';
import { runBundle } from '../../support/engine-harness.js';

const outcomes: (ErrorClass | 'ok')[] = ['ok', 'ok', 'ok', 'transient_error', 'permanent', 'timeout'];

/** Random valid bundles: 1–4 workstreams, 1–8 steps each, deps on earlier steps, random modes. */
const arbBundle = fc
  .record({
    wsCount: fc.integer({ min: 1, max: 4 }),
    sizes: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 4, maxLength: 4 }),
    seed: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 64, maxLength: 64 }),
    maxParallel: fc.integer({ min: 1, max: 5 }),
    modes: fc.array(fc.constantFrom('fail_fast', 'continue', 'escalate'), { minLength: 4, maxLength: 4 }),
  })
  .map(({ wsCount, sizes, seed, maxParallel, modes }) => {
    let k = 0;
    const rnd = (n: number) => seed[k++ % seed.length]! % n;
    const all: string[] = [];
    const workstreams: WorkstreamBundle['workstreams'] = [];
    const fate = new Map<string, ErrorClass | 'ok'>();
    for (let w = 0; w < wsCount; w++) {
      const steps = [];
      for (let s = 0; s < sizes[w]!; s++) {
        const id = `w${w}s${s}`;
        const deps = all.length ? [...new Set(Array.from({ length: rnd(3) }, () => all[rnd(all.length)]!))] : [];
        steps.push({ step_id: id, depends_on: deps, parallel_ok: rnd(6) !== 0, estimate_seconds: 1 + rnd(20), resilience: { max_retries: rnd(3) } });
        fate.set(id, outcomes[rnd(outcomes.length)]!);
        all.push(id);
      }
      const dependsOn = w > 0 && rnd(2) ? [`W${rnd(w)}`] : [];
      const wsLimit = rnd(3) === 0 ? { max_parallel: 1 + rnd(2) } : {};
      workstreams.push({ ws_id: `W${w}`, depends_on: dependsOn, on_error: modes[w] as 'fail_fast', ...wsLimit, steps });
    }
    const bundle: WorkstreamBundle = { bundle_id: 'prop', max_parallel: maxParallel, workstreams };
    return { bundle, fate, maxParallel };
  });

/** Replays the log and checks ordering and concurrency invariants. */
function checkLog(events: RunEvent[], bundle: WorkstreamBundle, maxParallel: number) {
  const deps = new Map<string, string[]>();
  const exclusive = new Set<string>();
  const wsOf = new Map<string, { id: string; limit?: number }>();
  for (const ws of bundle.workstreams) {
    for (const s of ws.steps ?? []) {
      wsOf.set(s.step_id, { id: ws.ws_id, ...(ws.max_parallel !== undefined ? { limit: ws.max_parallel } : {}) });
      const upstream = (ws.depends_on ?? []).flatMap((d) => (bundle.workstreams.find((x) => x.ws_id === d)?.steps ?? []).map((x) => x.step_id));
      deps.set(s.step_id, [...(s.depends_on ?? []), ...upstream]);
      if (s.parallel_ok === false) exclusive.add(s.step_id);
    }
  }
  const succeeded = new Set<string>();
  const running = new Set<string>();
  for (const e of events) {
    if (e.type === 'step_started') {
      for (const d of deps.get(e.data.step_id)!) expect(succeeded.has(d), `${e.data.step_id} started before ${d}`).toBe(true);
      running.add(e.data.step_id);
      expect(running.size).toBeLessThanOrEqual(maxParallel);
      if ([...running].some((r) => exclusive.has(r))) expect(running.size).toBe(1);
      const ws = wsOf.get(e.data.step_id)!;
      if (ws.limit !== undefined) expect([...running].filter((r) => wsOf.get(r)!.id === ws.id).length).toBeLessThanOrEqual(ws.limit);
    }
    if (e.type === 'step_succeeded') {
      succeeded.add(e.data.step_id);
      running.delete(e.data.step_id);
    }
    if (e.type === 'step_failed' || e.type === 'step_abandoned') running.delete(e.data.step_id);
  }
}

describe('engine properties', () => {
  it('any valid bundle reaches a terminal or paused state, never runs a step early, never exceeds max_parallel', async () => {
    await fc.assert(
      fc.asyncProperty(arbBundle, async ({ bundle, fate, maxParallel }) => {
        expect(validateDocument('workstream_bundle', bundle).ok).toBe(true);
        const exec = createScriptedExecutor({
          step: (t) => {
            const f = fate.get(t.node.id)!;
            return f === 'ok' || (f !== 'permanent' && t.attempt > 1) ? { ok: true } : { ok: false, errorClass: f, message: f };
          },
        });
        const { state, events } = await runBundle(bundle, exec);
        expect(['succeeded', 'failed', 'paused']).toContain(state.status);
        if (state.status === 'paused') expect(state.pause?.reason).toBe('escalated');
        else expect(events.at(-1)!.type).toBe('run_completed');
        checkLog(events, bundle, maxParallel);
        expect(exec.maxConcurrent).toBeLessThanOrEqual(maxParallel);
        for (const n of state.nodes.values()) if (n.state === 'skipped') expect(n.skip?.reason).toBeTruthy();
        // Every event the engine writes, and the run record, satisfy their contracts.
        for (const e of events) {
          const checked = validateDocument('run_event', e);
          expect(checked.ok ? [] : checked.issues, e.type).toEqual([]);
        }
        const record = validateDocument('run_record', toRunRecord(state));
        expect(record.ok ? [] : record.issues).toEqual([]);
        for (const a of toStepAttempts(state)) {
          const checked = validateDocument('step_attempt', a);
          expect(checked.ok ? [] : checked.issues).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  });
});
