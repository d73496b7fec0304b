import { describe, expect, it } from 'vitest';
import { createScriptedExecutor } from '../../../src/adapters/memory/scripted-executor.js';
import { createRun, driveRun, fold, type RunEvent } from '../../../src/core/run/index.js';
import { bundleOf, createHarness, expectValidEvents } from '../../support/engine-harness.js';

/** `layers` layers of `width` steps, each step depending on every step of the layer before. */
const layered = (layers: number, width: number) =>
  bundleOf(
    Array.from({ length: layers * width }, (_, i) => {
      const layer = Math.floor(i / width);
      return {
        id: `s${i}`,
        ...(layer > 0 ? { deps: Array.from({ length: width }, (_, j) => `s${(layer - 1) * width + j}`) } : {}),
      };
    }),
    {},
    { max_parallel: width },
  );

describe('driveRun appends once per decision round', () => {
  it('writes the completions of a round with the starts they allow, in one append (one fsync)', async () => {
    const h = createHarness();
    const batches: RunEvent[][] = [];
    const append = h.store.append.bind(h.store);
    h.store.append = (runId, events) => {
      batches.push([...events]);
      return append(runId, events);
    };
    const runId = await createRun({ bundle: layered(6, 4), options: {}, origin: { kind: 'cli' } }, h);
    const state = await driveRun(runId, { ...h, executor: createScriptedExecutor() });
    expect(state.status).toBe('succeeded');
    const log = h.store.logs.get(runId)!;
    expectValidEvents(log);
    expect(fold(log).status).toBe('succeeded');

    // Creation, the start of the run, one append per layer (the layer's starts with the completions of the layer
    // before), and the last layer's completions with run_completed: before, completions and starts took two.
    expect(batches.length).toBeLessThanOrEqual(6 + 3);
    for (const batch of batches) {
      const started = batch.filter((e) => e.type === 'step_started').map((e) => (e.data as { step_id: string }).step_id);
      const layer = started.length ? Math.floor(Number(started[0]!.slice(1)) / 4) : 0;
      if (layer === 0) continue;
      const succeeded = batch.filter((e) => e.type === 'step_succeeded').map((e) => (e.data as { step_id: string }).step_id);
      // The starts of layer L are in the same write as the completions of layer L-1 that made them ready.
      expect(succeeded.sort()).toEqual(Array.from({ length: 4 }, (_, j) => `s${(layer - 1) * 4 + j}`).sort());
      const firstStart = batch.findIndex((e) => e.type === 'step_started');
      expect(batch.slice(firstStart).some((e) => e.type === 'step_succeeded')).toBe(false);
    }
  });

  it('a crash before that append loses only the completions: their steps run again on resume, nothing else', async () => {
    const h = createHarness();
    const runId = await createRun({ bundle: layered(3, 2), options: {}, origin: { kind: 'cli' } }, h);
    const append = h.store.append.bind(h.store);
    let crashed = false;
    h.store.append = (id, events) => {
      // The append that starts layer 1 (and holds layer 0's completions) never lands.
      const startsLayer1 = events.some((e) => e.type === 'step_started' && ['s2', 's3'].includes(e.data.step_id));
      if (startsLayer1 && !crashed) {
        crashed = true;
        return Promise.reject(new Error('simulated crash'));
      }
      return append(id, events);
    };
    const exec = createScriptedExecutor();
    await expect(driveRun(runId, { ...h, executor: exec })).rejects.toThrow('simulated crash');
    const before = h.store.logs.get(runId)!;
    expect(before.some((e) => e.type === 'step_succeeded')).toBe(false);
    expect(exec.calls.sort()).toEqual(['s0#1', 's1#1']); // layer 1 never started: its start was in the lost append
    const resumed = await driveRun(runId, { ...h, executor: exec });
    expect(resumed.status).toBe('succeeded');
    expect(exec.calls.filter((c) => c.startsWith('s0#') || c.startsWith('s1#')).sort()).toEqual(['s0#1', 's0#2', 's1#1', 's1#2']);
    expectValidEvents(h.store.logs.get(runId)!);
  });
});
