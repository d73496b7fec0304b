import { describe, expect, it } from 'vitest';
import { createScriptedExecutor } from '../../../src/adapters/memory/scripted-executor.js';
import type { WorkstreamBundle } from '../../../src/core/contracts/index.js';
import { buildRunStatus, fold } from '../../../src/core/run/index.js';
import { runBundle } from '../../support/engine-harness.js';

const step = (id: string) => ({ step_id: id, tool_profile_id: 'shell', context: { command: 'true' } });

describe('buildRunStatus: workstream state', () => {
  // docs/configuration.md: a gate's `required` says "whether the gate must pass for the workstream to count as
  // complete", so a workstream whose required gate failed is not DONE, and one whose gate still runs is not done yet.
  it('counts a workstream as done only when its required gates passed', async () => {
    const bundle: WorkstreamBundle = {
      bundle_id: 'gates',
      workstreams: [
        { ws_id: 'REQ', on_error: 'continue', test_gates: [{ gate_id: 'req', type: 'GATE_TEST', command: 'false', blocking: false }], steps: [step('a')] },
        { ws_id: 'OPT', test_gates: [{ gate_id: 'opt', type: 'GATE_LINT', command: 'false', blocking: false, required: false }], steps: [step('b')] },
        { ws_id: 'OK', test_gates: [{ gate_id: 'ok', type: 'GATE_DOCS', command: 'true' }], steps: [step('c')] },
      ],
    };
    const exec = createScriptedExecutor({ gate: (t) => ({ passed: t.node.gate!.gate_id === 'ok', exitCode: t.node.gate!.gate_id === 'ok' ? 0 : 1 }) });
    const { state, events } = await runBundle(bundle, exec);
    const wsState = (s: typeof state, now: number) => Object.fromEntries(buildRunStatus(s, now).workstreams.map((w) => [w.ws_id, w.state]));
    expect(wsState(state, Date.now())).toEqual({ REQ: 'failed', OPT: 'succeeded', OK: 'succeeded' });

    // While the gate of OK runs, its steps are all done but the workstream is still in progress.
    const gateStarted = events.findIndex((e) => e.type === 'gate_started' && e.data.gate_id === 'ok');
    const midway = fold(events.slice(0, gateStarted + 1));
    expect(wsState(midway, Date.now()).OK).toBe('running');
  });

  it('does not count a workstream whose run ended with some of its steps skipped as done', async () => {
    const bundle: WorkstreamBundle = {
      bundle_id: 'partial',
      workstreams: [
        { ws_id: 'W', steps: [step('a'), { ...step('b'), depends_on: ['a'] }] },
        { ws_id: 'F', on_error: 'fail_fast', steps: [{ ...step('f'), depends_on: ['a'], estimate_seconds: 600 }] }, // runs before b (longer critical path)
      ],
    };
    const exec = createScriptedExecutor({ step: (t) => (t.node.id === 'f' ? { ok: false, errorClass: 'permanent', message: 'no' } : { ok: true }) });
    const { state } = await runBundle(bundle, exec, { max_parallel: 1 });
    expect(state.nodes.get('b')!.state).toBe('skipped');
    expect(buildRunStatus(state, Date.now()).workstreams.map((w) => [w.ws_id, w.state])).toEqual([['W', 'skipped'], ['F', 'failed']]);
  });
});
