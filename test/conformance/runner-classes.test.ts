import { describe, expect, it } from 'vitest';
import { buildWorkflow } from '../../src/core/bootstrap/build-workflow.js';
import type { WorkstreamBundle } from '../../src/core/contracts/index.js';
import { buildRunCreated, fold, resolveRunnerClasses, runnerInputOf, type RunnerClassSpec } from '../../src/core/run/index.js';
import { evaluateValue, SUCCEEDED } from '../support/conformance/workflow-expressions.js';
import { readWorkflowJobs, walkWorkflowJobs, type JobOutcome } from '../support/conformance/workflow-jobs.js';
import { parseAndConvertWorkflow } from '../support/conformance/workflow-parser.js';
import { HOSTED_MACHINE, pickMachine, type SimMachine } from '../e2e/support/sim-runner.js';

const WORKFLOW = buildWorkflow({ owner: 'uet-dev', python: false, terraform: false });
const BIG = ['self-hosted', 'linux', 'x64', '16core'];
const CONFIG: Record<string, RunnerClassSpec> = { big: BIG, gpu: { group: 'org/ml', labels: ['linux', 'gpu'] }, small: 'ubuntu-24.04' };
/** The runners the repository has: the big machine, a GPU machine of group ml, and GitHub's hosted ones. */
const MACHINES: SimMachine[] = [
  { labels: [...BIG, 'prod-deploy'] },
  { labels: ['self-hosted', 'linux', 'gpu'], group: 'ml' },
  HOSTED_MACHINE,
  { labels: ['ubuntu-24.04'] },
];

const bundle = {
  bundle_id: 'classes',
  workstreams: [
    {
      ws_id: 'w',
      runs_on: 'gpu',
      steps: [
        { step_id: 'build', tool_profile_id: 'shell', runs_on: 'big', timeout_seconds: 1800, deadline_seconds: 3600, context: { command: 'make' } },
        { step_id: 'train', tool_profile_id: 'shell', context: { command: 'make train' } },
        { step_id: 'docs', tool_profile_id: 'shell', runs_on: 'small', context: { command: 'make docs' } },
      ],
    },
  ],
} as unknown as WorkstreamBundle;

function stateOf() {
  const r = resolveRunnerClasses(bundle, CONFIG);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const created = buildRunCreated('01JQ7Z0000000000000000RXN1', { bundle, options: { repo: 'o/r', runners: r.runners }, origin: { kind: 'cli' } }, '2026-03-01T10:00:00.000Z', '01JQ7Z0000000000000000EVT1');
  return fold([created]);
}

/** Each job's runs-on and timeout-minutes as GitHub's expression engine evaluates them for one dispatch. */
async function placeJobs(runner: string): Promise<Map<string, { runsOn: unknown; timeout: unknown }>> {
  const placed = new Map<string, { runsOn: unknown; timeout: unknown }>();
  const inputs = { run_id: '01JQ7Z0000000000000000RXN1', step_id: 'build', attempt: '1', payload_ref: '', tool: 'none', runner };
  await walkWorkflowJobs(
    readWorkflowJobs(WORKFLOW),
    { inputs, github: { event_name: 'workflow_dispatch' }, vars: {} },
    (job, ctx): JobOutcome => {
      placed.set(job.id, { runsOn: evaluateValue(job.runsOn, ctx, SUCCEEDED), timeout: evaluateValue(job.timeoutMinutes, ctx, SUCCEEDED) });
      return { result: 'success', outputs: {} };
    },
    () => ({ result: 'skipped', outputs: {} }),
  );
  return placed;
}

describe('runner classes through GitHub’s parser and expression engine (ADR 0026)', () => {
  it('the generated workflow, whose jobs take runs-on and timeout-minutes from the runner input, parses clean', async () => {
    const { errors } = await parseAndConvertWorkflow('uet.yml', WORKFLOW);
    expect(errors).toEqual([]);
  });

  it('a step with runs_on: big runs its sandbox on the configured labels, for its own time; integrate stays hosted', async () => {
    const state = stateOf();
    const input = runnerInputOf(state, 'build', Date.parse('2026-03-01T10:00:00Z'));
    expect(input).toEqual({ class: 'big', runs_on: BIG, timeout_minutes: 40 }); // 30 min of step + 10 of setup
    const jobs = await placeJobs(JSON.stringify(input));
    expect(jobs.get('sandbox')).toEqual({ runsOn: BIG, timeout: 40 });
    expect(pickMachine(jobs.get('sandbox')!.runsOn, MACHINES)?.labels).toContain('16core');
    expect(jobs.get('integrate')!.runsOn).toBe('ubuntu-latest');
    expect(pickMachine(jobs.get('integrate')!.runsOn, MACHINES)).toBe(HOSTED_MACHINE);
  });

  it('a group class reaches runs-on as {group, labels}; a one-label class as that label; the workstream’s class is inherited', async () => {
    const state = stateOf();
    const now = Date.parse('2026-03-01T10:00:00Z');
    const train = await placeJobs(JSON.stringify(runnerInputOf(state, 'train', now)));
    expect(train.get('sandbox')!.runsOn).toEqual({ group: 'org/ml', labels: ['linux', 'gpu'] });
    expect(pickMachine(train.get('sandbox')!.runsOn, MACHINES)?.group).toBe('ml');
    const docs = await placeJobs(JSON.stringify(runnerInputOf(state, 'docs', now)));
    expect(docs.get('sandbox')!.runsOn).toBe('ubuntu-24.04');
  });

  it('the deadline cuts the job timeout: 50 minutes after the first start, 10 are left plus setup', () => {
    const state = stateOf();
    state.nodes.get('build')!.firstStartedAt = Date.parse('2026-03-01T10:00:00Z');
    expect(runnerInputOf(state, 'build', Date.parse('2026-03-01T10:50:00Z')).timeout_minutes).toBe(20);
  });

  it('a bundle naming a class .github/uet.yml does not map, or a raw label, is refused with its JSON pointer', () => {
    const bad = { ...bundle, runs_on: 'self-hosted', workstreams: [{ ...bundle.workstreams[0]!, runs_on: 'prod-deploy' }] } as WorkstreamBundle;
    const r = resolveRunnerClasses(bad, CONFIG);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues.map((i) => i.pointer)).toEqual(['/runs_on', '/workstreams/0/runs_on']);
    expect(!r.ok && r.issues[0]!.message).toContain('runner class "self-hosted" is not in .github/uet.yml runners (known: big, gpu, small)');
  });

  it('a control: runs-on the simulation cannot place (no registered runner has the labels) is found', () => {
    expect(pickMachine(['self-hosted', 'arm64'], MACHINES)).toBeUndefined();
    expect(pickMachine({ group: 'org/other', labels: ['linux'] }, MACHINES)).toBeUndefined();
  });
});
