import { describe, expect, it } from 'vitest';
import { createScriptedExecutor } from '../../../src/adapters/memory/scripted-executor.js';
import { createRun, driveRun, fold } from '../../../src/core/run/index.js';
import { bundleOf, createHarness, expectValidEvents, runBundle } from '../../support/engine-harness.js';

describe('driveRun', () => {
  it('runs a diamond in dependency order and succeeds', async () => {
    const exec = createScriptedExecutor();
    const { state, events } = await runBundle(bundleOf([{ id: 'a' }, { id: 'b', deps: ['a'] }, { id: 'c', deps: ['a'] }, { id: 'd', deps: ['b', 'c'] }]), exec);
    expect(state.status).toBe('succeeded');
    expect(exec.calls[0]).toBe('a#1');
    expect(exec.calls[3]).toBe('d#1');
    expect(events.at(-1)!.type).toBe('run_completed');
    expect(fold(events).status).toBe('succeeded');
  });

  it('retries a transient failure with backoff and then succeeds', async () => {
    const exec = createScriptedExecutor({ step: (t) => (t.attempt === 1 ? { ok: false, errorClass: 'transient_error', message: 'flaky' } : { ok: true }) });
    const { state, events } = await runBundle(bundleOf([{ id: 'a' }]), exec);
    expect(state.status).toBe('succeeded');
    expect(exec.calls).toEqual(['a#1', 'a#2']);
    const failed = events.find((e) => e.type === 'step_failed');
    expect(failed?.type === 'step_failed' && failed.data.retryable && failed.data.retry_at).toBeTruthy();
    expect(state.attempts.map((a) => a.state)).toEqual(['failed', 'succeeded']);
  });

  it('does not retry a permanent failure and skips dependents with a reason', async () => {
    const exec = createScriptedExecutor({ step: (t) => (t.node.id === 'a' ? { ok: false, errorClass: 'permanent', message: 'auth' } : { ok: true }) });
    const { state } = await runBundle(bundleOf([{ id: 'a' }, { id: 'b', deps: ['a'] }, { id: 'c' }], { on_error: 'continue' }), exec);
    expect(state.status).toBe('failed');
    expect(exec.calls).toContain('c#1');
    expect(exec.calls).not.toContain('a#2');
    expect(state.nodes.get('b')!.skip).toEqual({ reason: 'depends on a, which failed', cause: 'dependency_failed', ref: 'a' });
  });

  it('gives up after max_retries', async () => {
    const exec = createScriptedExecutor({ step: () => ({ ok: false, errorClass: 'timeout', message: 'slow' }) });
    const b = bundleOf([{ id: 'a' }]);
    b.workstreams[0]!.steps[0]!.resilience = { max_retries: 3 };
    const { state } = await runBundle(b, exec);
    expect(exec.calls).toEqual(['a#1', 'a#2', 'a#3', 'a#4']);
    expect(state.status).toBe('failed');
  });

  it('records a gate stopped by an interrupt (Ctrl-C) as abandoned, so that resume runs it again', async () => {
    const interrupt = new AbortController();
    let interrupted = true;
    const exec = createScriptedExecutor({
      gate: () => {
        if (!interrupted) return { passed: true, exitCode: 0 };
        interrupt.abort(); // Ctrl-C while the gate's command runs: it is killed and exits 143
        return { passed: false, exitCode: 143, outputTail: '[uet: canceled]' };
      },
    });
    const h = createHarness();
    const bundle = bundleOf([{ id: 'a' }], { test_gates: [{ gate_id: 'g', type: 'GATE_TEST', command: 'make test' }] });
    const runId = await createRun({ bundle, options: {}, origin: { kind: 'cli' } }, h);
    const first = await driveRun(runId, { ...h, executor: exec }, { signal: interrupt.signal });
    expect(first.status).toBe('running');
    const log = h.store.logs.get(runId)!;
    expect(log.some((e) => e.type === 'gate_completed')).toBe(false);
    expect(log.at(-1)).toMatchObject({ type: 'step_abandoned', data: { step_id: 'gate:WS:g', reason: 'interrupted' } });
    interrupted = false;
    const resumed = await driveRun(runId, { ...h, executor: exec });
    expect(resumed.status).toBe('succeeded');
    expect(exec.calls).toEqual(['a#1', 'gate:WS:g#1', 'gate:WS:g#2']);
    expectValidEvents(h.store.logs.get(runId)!); // a gate's id in step_abandoned satisfies run_event
  });

  it('skips the gate of a workstream whose step failed, with events that satisfy run_event', async () => {
    const exec = createScriptedExecutor({ step: () => ({ ok: false, errorClass: 'permanent', message: 'broken' }) });
    const bundle = bundleOf([{ id: 'a' }], { test_gates: [{ gate_id: 'g', type: 'GATE_TEST', command: 'make test' }] });
    const { state, events } = await runBundle(bundle, exec);
    expect(state.status).toBe('failed');
    expect(events.find((e) => e.type === 'step_skipped' && e.data.step_id === 'gate:WS:g')).toBeDefined();
    expectValidEvents(events);
  });

  it('notes why a failure is final on the first line of its message, before the output tail', async () => {
    const message = 'step a: the command exited with 75\n--- output (last lines) ---\nflaky';
    const exec = createScriptedExecutor({ step: () => ({ ok: false, errorClass: 'transient_error', message }) });
    const b = bundleOf([{ id: 'a' }]);
    b.workstreams[0]!.steps[0]!.resilience = { max_retries: 1 };
    const { events } = await runBundle(b, exec);
    const last = events.filter((e) => e.type === 'step_failed').at(-1);
    expect(last?.type === 'step_failed' && last.data.message).toBe(
      'step a: the command exited with 75 (gave up after 2 attempts)\n--- output (last lines) ---\nflaky',
    );
  });

  it("applies the bundle's deadline_seconds: no step starts once it passed, and the run fails with reason deadline", async () => {
    const h = createHarness();
    const exec = createScriptedExecutor({
      step: () => {
        h.clock.advance(20_000); // each step takes 20 s
        return { ok: true };
      },
    });
    const bundle = bundleOf([{ id: 'a' }, { id: 'b', deps: ['a'] }], {}, { deadline_seconds: 10 });
    const { state, events } = await runBundle(bundle, exec, {}, h);
    const created = events[0]!;
    expect(created.type === 'run_created' && created.data.options.deadline_at).toBe('2026-01-01T00:00:10.000Z');
    expect(exec.calls).toEqual(['a#1']);
    expect(state.nodes.get('b')!.skip?.cause).toBe('deadline');
    expect(state.status).toBe('failed');
    expect(events.at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'failed', reason: 'deadline' } });
  });
});
