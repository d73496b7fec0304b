import { describe, expect, it } from 'vitest';
import { createScriptedExecutor } from '../../../src/adapters/memory/scripted-executor.js';
import { fold } from '../../../src/core/run/index.js';
import { bundleOf, runBundle } from '../../support/engine-harness.js';

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
});
