import { describe, expect, it } from 'vitest';
import { createE2E } from './support/e2e-harness.js';
import { useE2E } from './support/inspect.js';
import { HOSTED_MACHINE } from './support/sim-runner.js';

const world = useE2E();
const BIG = ['self-hosted', 'linux', 'x64', '16core'];
const BUNDLE = `bundle_id: classes
workstreams:
  - ws_id: code
    steps:
      - { step_id: build, tool_profile_id: shell, runs_on: big, timeout_seconds: 1200, context: { command: 'echo built > built.txt' } }
      - { step_id: docs, tool_profile_id: shell, depends_on: [build], context: { command: 'echo docs > docs.txt' } }
`;
const CONFIG = `runners:\n  big: [${BIG.join(', ')}]\n`;

describe('runner classes end to end (ADR 0026): the simulated runner places each job by its evaluated runs-on', () => {
  it('the big step runs its sandbox on the 16-core machine for its own time; the rest, and every integrate, on the hosted one', async () => {
    const e = world.set(await createE2E({ bundle: BUNDLE, config: CONFIG, machines: [{ labels: BIG }, HOSTED_MACHINE] }));
    await e.comment('/uet run uet/bundle.yaml');
    await e.settle();
    const jobs = (step: string) => e.runner.done.find((r) => r.run.display_title.endsWith(`:${step}:1`))!.jobs;
    const job = (step: string, id: string) => jobs(step).find((j) => j.job === id)!;
    expect(job('build', 'sandbox')).toMatchObject({ result: 'success', runsOn: BIG, timeoutMinutes: 30, machine: { labels: BIG } });
    expect(job('build', 'integrate')).toMatchObject({ result: 'success', runsOn: 'ubuntu-latest', machine: HOSTED_MACHINE });
    expect(job('docs', 'sandbox')).toMatchObject({ result: 'success', runsOn: 'ubuntu-latest', machine: HOSTED_MACHINE });
    expect(e.sim.state.workflowRuns.every((w) => w.conclusion === 'success')).toBe(true);
  });

  it('a control: with no machine of the class registered, GitHub would queue the job forever (the simulation fails it)', async () => {
    const e = world.set(await createE2E({ bundle: BUNDLE, config: CONFIG }));
    await e.comment('/uet run uet/bundle.yaml');
    await e.settle();
    const build = e.runner.done.find((r) => r.run.display_title.endsWith(':build:1'))!.jobs.find((j) => j.job === 'sandbox')!;
    expect(build).toMatchObject({ result: 'failure', runsOn: BIG });
    expect(build.log).toContain('no registered runner matches runs-on');
  });
});
