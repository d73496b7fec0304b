import { describe, expect, it } from 'vitest';
import { createScriptedExecutor } from '../../../src/adapters/memory/scripted-executor.js';
import { bundleOf, runBundle } from '../../support/engine-harness.js';

describe('which failures open a breaker', () => {
  const breaker = { circuit_breaker: { failure_threshold: 2, half_open_after: 3600 }, on_error: 'continue' as const };

  it('failing shell commands (permanent: a check that fails, a program not installed) do not open the shell breaker', async () => {
    const exec = createScriptedExecutor({ step: () => ({ ok: false, errorClass: 'permanent', message: 'the command exited with 127' }) });
    const bundle = bundleOf([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }], breaker, { max_parallel: 1 });
    const { state, events } = await runBundle(bundle, exec);
    expect(events.map((e) => e.type)).not.toContain('breaker_opened');
    expect(events.filter((e) => e.type === 'step_failed')).toHaveLength(4);
    expect(state.status).toBe('failed');
  });

  it("an AI tool's permanent failures (an auth error) still open its breaker", async () => {
    const exec = createScriptedExecutor({ step: () => ({ ok: false, errorClass: 'permanent', message: 'invalid api key' }) });
    const bundle = bundleOf([{ id: 'a' }, { id: 'b' }, { id: 'c' }], breaker, { max_parallel: 1 });
    for (const s of bundle.workstreams[0]!.steps) {
      s.tool_profile_id = 'claude';
      s.context = { instruction: 'edit' };
    }
    const { events } = await runBundle(bundle, exec);
    const opened = events.flatMap((e) => (e.type === 'breaker_opened' ? [e.data.tool_id] : []));
    expect(opened.length).toBeGreaterThan(0);
    expect(new Set(opened)).toEqual(new Set(['claude']));
  });
});
