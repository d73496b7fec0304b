import { describe, expect, it } from 'vitest';
import { createScriptedExecutor } from '../../../src/adapters/memory/scripted-executor.js';
import { driveRun, type RunEvent } from '../../../src/core/run/index.js';
import { bundleOf, createHarness, expectValidEvents, runBundle } from '../../support/engine-harness.js';

const types = (events: RunEvent[]) => events.map((e) => e.type);

describe('circuit breaker', () => {
  it('opens after consecutive tool failures, blocks steps, then half-opens and closes on a good trial', async () => {
    let healthy = false;
    const exec = createScriptedExecutor({ step: () => (healthy ? { ok: true } : { ok: false, errorClass: 'rate_limit', message: '429' }) });
    const h = createHarness();
    const bundle = bundleOf([{ id: 'a' }, { id: 'b' }, { id: 'c' }], { circuit_breaker: { failure_threshold: 2, half_open_after: 30 }, on_error: 'continue' }, { max_parallel: 1 });
    for (const s of bundle.workstreams[0]!.steps) s.resilience = { max_retries: 5, initial_backoff_seconds: 1, max_backoff_seconds: 2 };
    const sleep = h.clock.sleep.bind(h.clock);
    h.clock.sleep = (ms, signal) => {
      healthy = true; // the service recovers while the breaker is open
      return sleep(ms, signal);
    };
    const { state, events } = await runBundle(bundle, exec, {}, h);
    const t = types(events);
    expect(t).toContain('breaker_opened');
    expect(t).toContain('step_blocked');
    expect(t.indexOf('breaker_half_opened')).toBeGreaterThan(t.indexOf('breaker_opened'));
    expect(t.indexOf('breaker_closed')).toBeGreaterThan(t.indexOf('breaker_half_opened'));
    const opened = events.find((e) => e.type === 'breaker_opened')!;
    const halfOpened = events.find((e) => e.type === 'breaker_half_opened')!;
    expect(Date.parse(halfOpened.ts) - Date.parse(opened.ts)).toBeGreaterThanOrEqual(30_000);
    // Exactly one trial attempt runs while half-open.
    const trial = events.filter((e) => e.type === 'step_started' && e.data.half_open_trial);
    expect(trial).toHaveLength(1);
    expect(state.status).toBe('succeeded');
    expectValidEvents(events);
  });

  it('keeps breaker state across a resume', async () => {
    const exec = createScriptedExecutor({ step: () => ({ ok: false, errorClass: 'transient_error', message: 'down' }) });
    const h = createHarness();
    const bundle = bundleOf([{ id: 'a' }, { id: 'b' }], { circuit_breaker: { failure_threshold: 1, half_open_after: 3600 }, on_error: 'continue' }, { max_parallel: 1 });
    h.store.failAfter = 9;
    await expect(runBundle(bundle, exec, {}, h)).rejects.toThrow('simulated crash');
    const runId = [...h.store.logs.keys()][0]!;
    delete h.store.failAfter;
    const before = h.store.logs.get(runId)!.filter((e) => e.type === 'breaker_opened').length;
    expect(before).toBe(1);
    const state = await driveRun(runId, { ...h, executor: exec });
    expect(state.breakers.size).toBe(1);
    expect(types(h.store.logs.get(runId)!).filter((t) => t === 'breaker_opened').length).toBeGreaterThanOrEqual(1);
  });
});

describe('budgets', () => {
  it('pauses when the bundle budget would be exceeded and continues after --add-budget', async () => {
    const exec = createScriptedExecutor({ step: () => ({ ok: true, costUsd: 4 }) });
    const h = createHarness();
    const bundle = bundleOf([{ id: 'a', cost: 4 }, { id: 'b', deps: ['a'], cost: 4 }, { id: 'c', deps: ['b'], cost: 4 }], {}, { max_cost_usd: 10 });
    const first = await runBundle(bundle, exec, {}, h);
    expect(first.state.status).toBe('paused');
    expect(first.state.pause?.reason).toBe('budget');
    expect(first.state.pause?.message).toContain('--add-budget');
    expect(exec.calls).toEqual(['a#1', 'b#1']);
    const exceeded = first.events.find((e) => e.type === 'budget_exceeded');
    expect(exceeded?.type === 'budget_exceeded' && exceeded.data).toMatchObject({ scope: 'bundle', limit_usd: 10, spent_usd: 8, needed_usd: 4 });

    await h.store.append(first.runId, [{ event_id: h.ids.newId(), run_id: first.runId, seq: first.state.seq + 1, ts: new Date(h.clock.now()).toISOString(), type: 'run_resumed', data: { added_budget_usd: 5 } }]);
    const second = await driveRun(first.runId, { ...h, executor: exec });
    expect(second.status).toBe('succeeded');
    expect(second.budget).toMatchObject({ limitUsd: 15, spentUsd: 12 });
    expect(exec.calls).toEqual(['a#1', 'b#1', 'c#1']);
    expectValidEvents(h.store.logs.get(first.runId)!);
  });

  it('fails the run when on_budget_exceeded is fail', async () => {
    const exec = createScriptedExecutor({ step: () => ({ ok: true, costUsd: 6 }) });
    const bundle = bundleOf([{ id: 'a', cost: 6 }, { id: 'b', deps: ['a'], cost: 6 }], { max_cost_usd: 10, on_budget_exceeded: 'fail' });
    const { state } = await runBundle(bundle, exec);
    expect(state.status).toBe('failed');
    expect(state.nodes.get('b')!.skip?.cause).toBe('budget');
  });
});

describe('error modes and skipping', () => {
  it('fail_fast lets running steps finish but starts nothing new', async () => {
    const exec = createScriptedExecutor({ step: (t) => (t.node.id === 'a' ? { ok: false, errorClass: 'permanent', message: 'no' } : { ok: true }) });
    const { state } = await runBundle(bundleOf([{ id: 'a', est: 100 }, { id: 'b', est: 50 }, { id: 'c', est: 10 }, { id: 'd', deps: ['c'], est: 1 }]), exec, { max_parallel: 2 });
    expect(exec.calls.slice(0, 2).sort()).toEqual(['a#1', 'b#1']);
    expect(exec.calls).not.toContain('c#1');
    expect(exec.calls).not.toContain('d#1');
    expect(state.status).toBe('failed');
    expect(state.nodes.get('b')!.state).toBe('succeeded');
    expect(state.nodes.get('d')!.skip?.cause).toBe('fail_fast');
  });

  it('escalate pauses the run for a human and resume retries the step', async () => {
    let fixed = false;
    const exec = createScriptedExecutor({ step: (t) => (t.node.id === 'a' && !fixed ? { ok: false, errorClass: 'validation_failed', message: 'tests fail' } : { ok: true }) });
    const h = createHarness();
    const first = await runBundle(bundleOf([{ id: 'a' }, { id: 'b', deps: ['a'] }], { on_error: 'escalate' }), exec, {}, h);
    expect(first.state.status).toBe('paused');
    expect(first.state.pause?.reason).toBe('escalated');
    expect(first.state.nodes.get('b')!.state).toBe('pending');
    fixed = true;
    await h.store.append(first.runId, [{ event_id: h.ids.newId(), run_id: first.runId, seq: first.state.seq + 1, ts: new Date(h.clock.now()).toISOString(), type: 'run_resumed', data: {} }]);
    const state = await driveRun(first.runId, { ...h, executor: exec });
    expect(state.status).toBe('succeeded');
    expect(exec.calls).toEqual(['a#1', 'a#2', 'b#1']);
  });

  it('skip-workstream skips its steps and, by default, their dependents, each with a reason', async () => {
    const exec = createScriptedExecutor();
    const bundle = {
      bundle_id: 'x',
      workstreams: [
        { ws_id: 'W0', steps: [{ step_id: 'w0' }] },
        { ws_id: 'W1', depends_on: ['W0'], steps: [{ step_id: 'w1' }] },
        { ws_id: 'W2', steps: [{ step_id: 'w2' }] },
      ],
    };
    const { state, events } = await runBundle(bundle, exec, { skip_workstreams: ['W0'] });
    expect(exec.calls).toEqual(['w2#1']);
    expect(events.some((e) => e.type === 'workstream_skipped' && e.data.ws_id === 'W0')).toBe(true);
    expect(state.nodes.get('w0')!.skip?.cause).toBe('skip_workstream');
    expect(state.nodes.get('w1')!.skip).toMatchObject({ cause: 'dependency_skipped', ref: 'w0' });

    const allowed = await runBundle({ ...bundle, allow_depend_on_skipped: true }, createScriptedExecutor(), { skip_workstreams: ['W0'] });
    expect(allowed.state.nodes.get('w1')!.state).toBe('succeeded');
    expect(allowed.state.status).toBe('succeeded');
  });

  it('runs a parallel_ok:false step alone', async () => {
    const exec = createScriptedExecutor();
    const { state, events } = await runBundle(bundleOf([{ id: 'a' }, { id: 'b', parallel_ok: false }, { id: 'c' }, { id: 'd' }]), exec, { max_parallel: 4 });
    expect(state.status).toBe('succeeded');
    let running = new Set<string>();
    for (const e of events) {
      if (e.type === 'step_started') {
        running.add(e.data.step_id);
        if (running.has('b')) expect([...running]).toEqual(['b']);
      }
      if (e.type === 'step_succeeded') running = new Set([...running].filter((x) => x !== e.data.step_id));
    }
  });

  it('a blocking gate failure skips the dependent workstream; a non-blocking one does not', async () => {
    const gates = (blocking: boolean) => ({
      bundle_id: 'g',
      workstreams: [
        { ws_id: 'A', steps: [{ step_id: 'a' }], test_gates: [{ type: 'GATE_TEST' as const, command: 'false', blocking, required: blocking }] },
        { ws_id: 'B', depends_on: ['A'], steps: [{ step_id: 'b' }] },
      ],
    });
    const failGate = createScriptedExecutor({ gate: () => ({ passed: false, exitCode: 1 }) });
    const blocked = await runBundle(gates(true), failGate);
    expect(blocked.state.nodes.get('b')!.skip?.cause).toBe('gate_failed');
    expect(blocked.state.status).toBe('failed');
    const soft = await runBundle(gates(false), createScriptedExecutor({ gate: () => ({ passed: false, exitCode: 1 }) }));
    expect(soft.state.nodes.get('b')!.state).toBe('succeeded');
    expect(soft.state.status).toBe('succeeded');
  });
});
