import { describe, expect, it } from 'vitest';
import { createScriptedExecutor } from '../../../src/adapters/memory/scripted-executor.js';
import type { WorkstreamBundle } from '../../../src/core/contracts/index.js';
import { createRun, driveRun, type RunState } from '../../../src/core/run/index.js';
import { createHarness } from '../../support/engine-harness.js';

/** 20 steps in 3 workstreams: fan-out, joins, a cross-workstream dependency, a gate and a transient failure. */
const bundle: WorkstreamBundle = {
  bundle_id: 'sweep',
  max_parallel: 3,
  workstreams: [
    { ws_id: 'A', steps: Array.from({ length: 8 }, (_, i) => ({ step_id: `a${i}`, ...(i > 0 ? { depends_on: [`a${Math.floor((i - 1) / 2)}`] } : {}) })), test_gates: [{ type: 'GATE_TEST', command: 'true' }] },
    { ws_id: 'B', steps: Array.from({ length: 6 }, (_, i) => ({ step_id: `b${i}`, ...(i > 0 ? { depends_on: [`b${i - 1}`] } : {}), ...(i === 3 ? { estimate_seconds: 300 } : {}) })) },
    { ws_id: 'C', depends_on: ['A'], steps: Array.from({ length: 6 }, (_, i) => ({ step_id: `c${i}`, depends_on: i === 0 ? ['b2'] : [`c${i - 1}`] })) },
  ],
};

const outcome = (t: { node: { id: string }; attempt: number }) => (t.node.id === 'b1' && t.attempt === 1 ? { ok: false, errorClass: 'transient_error' as const, message: 'flaky' } : { ok: true, commit: `commit-${t.node.id}` });

const summary = (s: RunState) => ({
  status: s.status,
  nodes: [...s.nodes.values()].map((n) => [n.id, n.state, n.commit ?? null]),
});

describe('kill and resume at every event boundary', () => {
  it('matches the uninterrupted run, and never re-executes a step whose success was recorded', async () => {
    const clean = createHarness();
    const cleanId = await createRun({ bundle, options: {}, origin: { kind: 'cli' } }, clean);
    const reference = await driveRun(cleanId, { ...clean, executor: createScriptedExecutor({ step: outcome }) });
    expect(reference.status).toBe('succeeded');
    const total = clean.store.logs.get(cleanId)!.length;
    expect(total).toBeGreaterThan(40);

    for (let k = 1; k < total; k++) {
      const h = createHarness();
      const runId = await createRun({ bundle, options: {}, origin: { kind: 'cli' } }, h);
      h.store.failAfter = k;
      const exec = createScriptedExecutor({ step: outcome });
      await driveRun(runId, { ...h, executor: exec }).catch((e: Error) => expect(e.message).toBe('simulated crash'));
      const log = h.store.logs.get(runId)!;
      expect(log.length).toBeLessThanOrEqual(k);
      const doneBefore = new Set(log.flatMap((e) => (e.type === 'step_succeeded' ? [e.data.step_id] : [])));
      delete h.store.failAfter;
      const callsBefore = exec.calls.length;
      const resumed = await driveRun(runId, { ...h, executor: exec });
      expect(summary(resumed), `crash after ${k} events`).toEqual(summary(reference));
      const rerun = exec.calls.slice(callsBefore).map((c) => c.split('#')[0]!);
      expect(rerun.filter((id) => doneBefore.has(id)), `crash after ${k}`).toEqual([]);
      const seqs = h.store.logs.get(runId)!.map((e) => e.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
  });
});
