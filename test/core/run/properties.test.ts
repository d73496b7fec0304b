import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScriptedExecutor } from '../../../src/adapters/memory/scripted-executor.js';
import type { WorkstreamBundle } from '../../../src/core/contracts/index.js';
import { validateDocument } from '../../../src/core/contracts/index.js';
import { fold, toRunRecord, toStepAttempts, type ErrorClass, type RunEvent } from '../../../src/core/run/index.js';
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
    /** Per workstream: no gate, a gate, or a gate with a repair loop of 1–3 attempts. */
    gates: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 4, maxLength: 4 }),
  })
  .map(({ wsCount, sizes, seed, maxParallel, modes, gates }) => {
    let k = 0;
    const rnd = (n: number) => seed[k++ % seed.length]! % n;
    const all: string[] = [];
    const workstreams: WorkstreamBundle['workstreams'] = [];
    const fate = new Map<string, ErrorClass | 'ok'>();
    const gatePassOn = new Map<string, number>();
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
      const g = gates[w]!;
      const repair = g > 0 ? { on_failure: { repair: { tool_profile_id: 'shell', command: 'fix', max_attempts: g } } } : {};
      const testGates = g >= 0 ? { test_gates: [{ gate_id: 'g', type: 'GATE_TEST' as const, command: 'check', blocking: rnd(3) !== 0, required: rnd(3) !== 0, ...repair }] } : {};
      // The gate passes on this attempt (5: never); each repair round's fate.
      fate.set(`gate:W${w}:g`, (['ok', 'ok', 'permanent', 'permanent', 'permanent', 'permanent'] as const)[rnd(6)]!);
      gatePassOn.set(`gate:W${w}:g`, 1 + rnd(5));
      for (let r = 1; r <= 3; r++) fate.set(`W${w}.g.repair-${r}`, outcomes[rnd(outcomes.length)]!);
      workstreams.push({ ws_id: `W${w}`, depends_on: dependsOn, on_error: modes[w] as 'fail_fast', ...wsLimit, ...testGates, steps });
    }
    const bundle: WorkstreamBundle = { bundle_id: 'prop', max_parallel: maxParallel, workstreams };
    return { bundle, fate, maxParallel, gatePassOn };
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
    for (const g of ws.test_gates ?? []) {
      const max = g.on_failure?.repair?.max_attempts ?? 0;
      for (let r = 1; r <= max; r++) {
        wsOf.set(`${ws.ws_id}.${g.gate_id}.repair-${r}`, { id: ws.ws_id, ...(ws.max_parallel !== undefined ? { limit: ws.max_parallel } : {}) });
        deps.set(`${ws.ws_id}.${g.gate_id}.repair-${r}`, []);
      }
    }
  }
  checkRepairLoops(events, bundle);
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

/**
 * The repair loop's order: round r of a gate starts only after the gate's r-th run failed, at most once (retries
 * aside), and the gate runs again only after that round succeeded; a gate runs at most max_attempts + 1 times.
 */
function checkRepairLoops(events: RunEvent[], bundle: WorkstreamBundle) {
  const gateRuns = new Map<string, number>();
  const lastGate = new Map<string, boolean>(); // gate node id -> whether its last run passed
  const roundsStarted = new Map<string, Set<number>>();
  const roundOk = new Map<string, number>(); // gate -> rounds that succeeded
  for (const e of events) {
    if (e.type === 'gate_started') {
      const id = `gate:${e.data.ws_id ?? 'bundle'}:${e.data.gate_id}`;
      const runs = gateRuns.get(id) ?? 0;
      // A run after the first follows a round that succeeded (or an abandoned run of the gate, which drives never do here).
      if (runs > 0) expect(roundOk.get(id) ?? 0, `${id} ran again without a repair`).toBe(runs);
      gateRuns.set(id, runs + 1);
    }
    if (e.type === 'gate_completed') lastGate.set(`gate:${e.data.ws_id ?? 'bundle'}:${e.data.gate_id}`, e.data.passed);
    const m = /^(.+)\.(.+)\.repair-(\d+)$/.exec('step_id' in e.data ? e.data.step_id : '');
    if (!m) continue;
    const gate = `gate:${m[1]}:${m[2]}`;
    const round = Number(m[3]);
    if (e.type === 'step_started') {
      const started = roundsStarted.get(gate) ?? new Set<number>();
      if (!started.has(round)) {
        expect(lastGate.get(gate), `${e.data.step_id} started but ${gate} did not fail`).toBe(false);
        expect(gateRuns.get(gate)).toBe(round);
      }
      started.add(round);
      roundsStarted.set(gate, started);
    }
    if (e.type === 'step_succeeded') roundOk.set(gate, round);
  }
  for (const ws of bundle.workstreams)
    for (const g of ws.test_gates ?? [])
      expect(gateRuns.get(`gate:${ws.ws_id}:${g.gate_id}`) ?? 0).toBeLessThanOrEqual((g.on_failure?.repair?.max_attempts ?? 0) + 1);
}

describe('engine properties', () => {
  it('any valid bundle reaches a terminal or paused state, never runs a step early, never exceeds max_parallel', async () => {
    await fc.assert(
      fc.asyncProperty(arbBundle, async ({ bundle, fate, maxParallel, gatePassOn }) => {
        expect(validateDocument('workstream_bundle', bundle).ok).toBe(true);
        const exec = createScriptedExecutor({
          gate: (t) => ({ passed: fate.get(t.node.id) === 'ok' || t.attempt >= gatePassOn.get(t.node.id)!, exitCode: 1, outputTail: 'x' }),
          step: (t) => {
            const f = fate.get(t.node.id)!;
            return f === 'ok' || (f !== 'permanent' && t.attempt > 1) ? { ok: true } : { ok: false, errorClass: f, message: f };
          },
        });
        const { state, events } = await runBundle(bundle, exec);
        // Replay: the fold of the log alone gives the state the driver ended with.
        const replay = fold(events);
        expect([...replay.nodes].map(([id, n]) => [id, n.state, n.attempts])).toEqual([...state.nodes].map(([id, n]) => [id, n.state, n.attempts]));
        expect(replay.status).toBe(state.status);
        expect(state.completion?.reason, state.completion?.message).not.toBe('stalled'); // a loop always ends
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
