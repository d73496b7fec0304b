import { describe, expect, it } from 'vitest';
import { createE2E } from './support/e2e-harness.js';
import { checksNamed, resultPr, useE2E } from './support/inspect.js';

const world = useE2E();

const BUNDLE = `bundle_id: gated
bundle_name: Gated bundle
workstreams:
  - ws_id: code
    steps:
      - { step_id: s1, name: Write code, tool_profile_id: shell, context: { command: "echo 'export const x = 1;' > x.ts" } }
    test_gates:
      - { gate_id: unit, type: GATE_TEST, command: "echo '2 of 5 tests failed' && exit 1" }
`;

describe('scenario 8: a failing blocking gate', () => {
  it('gives a red gate check, a failed run check, no PR, and a final comment that says why', async () => {
    const e = world.set(await createE2E({ bundle: BUNDLE }));
    await e.comment('/uet run uet/bundle.yaml');
    await e.settle();
    const [runId] = await e.runIds();
    const events = await e.events(runId!);
    expect(events.find((x) => x.type === 'gate_completed')?.data).toMatchObject({
      gate_id: 'unit',
      passed: false,
      blocking: true,
      exit_code: 1,
    });
    expect(events.at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'failed' } });

    const [gate] = checksNamed(e, 'UET gate code/unit');
    expect(gate).toMatchObject({ status: 'completed', conclusion: 'failure', head_sha: e.headSha });
    expect(gate!.output.text ?? gate!.output.summary).toContain('2 of 5 tests failed');
    expect(gate!.actions).toEqual([expect.objectContaining({ identifier: 'rerun_gate' })]);
    expect(checksNamed(e, 'UET step s1')).toMatchObject([{ conclusion: 'success' }]);
    expect(checksNamed(e, 'UET run')).toMatchObject([{ status: 'completed', conclusion: 'failure' }]);

    expect(resultPr(e, runId!)).toBeUndefined();
    expect(e.sim.state.pulls.size).toBe(1);
    const sticky = e.sticky(runId!)!;
    expect(sticky).toContain('unit');
    expect(sticky).toMatch(/failed/i);
    expect(sticky).toContain('**No result PR:** the run failed');
    expect(await e.sim.git.refs('refs/uet/active/')).toEqual([]);
  });
});
