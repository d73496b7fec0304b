import { describe, expect, it } from 'vitest';
import { repairBundleYaml } from '../fixtures/repair-bundle.js';
import { createE2E } from './support/e2e-harness.js';
import { checksNamed, resultPr, runBranchCommits, useE2E } from './support/inspect.js';

const world = useE2E();

// The repair loop of a gate on GitHub (issue 17 item 2): each round is a step dispatched to a runner like any other
// (its own start claim, workflow run, check run and patch on the run branch), then the gate runs again.
const bundle = repairBundleYaml;

describe('a gate with a repair loop, on GitHub', () => {
  it('is fixed on the second attempt: two repair rounds dispatched as steps, the gate green on its third run, a result PR', async () => {
    const e = world.set(await createE2E({ bundle: bundle(3) }));
    await e.comment('/uet run uet/bundle.yaml');
    await e.settle();
    const [runId] = await e.runIds();
    const events = await e.events(runId!);
    expect(events.filter((x) => x.type === 'gate_completed').map((x) => x.type === 'gate_completed' && x.data.passed)).toEqual([false, false, true]);
    expect(events.filter((x) => x.type === 'step_succeeded').map((x) => x.type === 'step_succeeded' && x.data.step_id)).toEqual(['s1', 'code.unit.repair-1', 'code.unit.repair-2']);
    expect(events.at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'succeeded' } });
    // Each round ran in its own workflow run, with its own check run.
    expect(e.sim.state.workflowRuns.map((w) => w.inputs.step_id).filter((id) => id?.includes('repair')).sort()).toEqual(['code.unit.repair-1', 'code.unit.repair-2']);
    expect(checksNamed(e, 'UET step code.unit.repair-1')).toMatchObject([{ conclusion: 'success' }]);
    expect(checksNamed(e, 'UET step code.unit.repair-3')).toEqual([]);
    const gate = checksNamed(e, 'UET gate code/unit');
    expect(gate.at(-1)).toMatchObject({ status: 'completed', conclusion: 'success' });
    const commits = await runBranchCommits(e, runId!, e.headSha);
    expect(commits.map((c) => /UET-Step: (\S+)/.exec(c.message)?.[1])).toEqual(['s1', 'code.unit.repair-1', 'code.unit.repair-2']);
    expect(resultPr(e, runId!)).toBeDefined();
  });

  it('stops after max_attempts: one round, the gate red with its last output, no PR', async () => {
    const e = world.set(await createE2E({ bundle: bundle(1) }));
    await e.comment('/uet run uet/bundle.yaml');
    await e.settle();
    const [runId] = await e.runIds();
    const events = await e.events(runId!);
    expect(events.filter((x) => x.type === 'gate_completed').map((x) => x.type === 'gate_completed' && x.data.passed)).toEqual([false, false]);
    expect(events.filter((x) => x.type === 'step_started').map((x) => x.type === 'step_started' && x.data.step_id)).toEqual(['s1', 'code.unit.repair-1']);
    expect(events.at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'failed' } });
    const gate = checksNamed(e, 'UET gate code/unit').at(-1)!;
    expect(gate).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(gate.output.text ?? gate.output.summary).toContain('value.txt holds bad');
    expect(resultPr(e, runId!)).toBeUndefined();
  });
});
