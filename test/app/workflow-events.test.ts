import { afterEach, describe, expect, it } from 'vitest';
import { workflowJobCompleted, workflowRunCompleted } from '../fixtures/github/webhook-payloads.js';
import { reconcileRepo } from '../../src/app/reconcile/reconcile-repo.js';
import { repoFacts, type AppHarness } from './support/app-harness.js';
import { comment, done, setup } from './support/scenario.js';
import { simulateRunner } from './support/simulate-runner.js';
import { scopeFor } from './support/scope-for.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

describe('workflow_run completions', () => {
  it('ignores workflow runs that are not UET dispatches, for no request', async () => {
    h = await setup();
    h.fake.mark();
    await h.receive(
      'workflow_run',
      workflowRunCompleted(repoFacts(h), { id: 5, runName: 'CI on main', conclusion: 'success' }),
    );
    expect(h.fake.requests()).toEqual([]);
  });

  it('records a runner that died without recording as a failed attempt, with a durable retry time; the reconciler retries when due', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    await h.finish('d1', 1, { ok: false, crash: true, conclusion: 'failure' });
    const failed = h.events(runId!).find((e) => e.type === 'step_failed')!;
    expect(failed).toMatchObject({
      data: { step_id: 'd1', attempt: 1, error_class: 'transient_error', retryable: true },
    });
    expect(failed.type === 'step_failed' && failed.data.retry_at).toBeTruthy();
    expect(h.fake.state.checkRuns.find((c) => c.name === 'UET step d1')).toMatchObject({
      conclusion: 'failure',
    });
    const before = h.fake.state.dispatches.length;
    h.clock.advance(120_000);
    await reconcileRepo(await scopeFor(h));
    expect(h.fake.state.dispatches.length).toBe(before + 1);
    expect(h.fake.state.dispatches.at(-1)!.inputs).toMatchObject({ step_id: 'd1', attempt: '2' });
    await h.finish('d1', 2, { ok: true });
    expect(
      h
        .events(runId!)
        .some((e) => e.type === 'step_succeeded' && e.data.step_id === 'd1' && e.data.attempt === 2),
    ).toBe(true);
  });

  it('a workflow of another file whose run-name is a UET attempt can neither fail nor advance the run', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    const d1 = h.fake.state.workflowRuns.find((w) => w.display_title.endsWith(':d1:1'))!;
    const before = h.events(runId!).length;
    const dispatched = h.fake.state.dispatches.length;
    h.fake.mark();
    // evil.yml sets `run-name: uet:<run>:d1:1` and fails: before ADR 0017 this recorded d1 as failed.
    for (const forged of [
      workflowRunCompleted(repoFacts(h), { id: 66, runName: d1.display_title, conclusion: 'failure', workflow: 'evil.yml' }),
      workflowRunCompleted(repoFacts(h), { id: 67, runName: d1.display_title, conclusion: 'failure', workflow: 'nested/uet.yml' }),
    ])
      await h.receive('workflow_run', forged);
    expect(h.fake.writes()).toEqual([]);
    expect(h.events(runId!).length).toBe(before);
    expect(h.fake.state.dispatches.length).toBe(dispatched);
    // The real completion of the same attempt still counts.
    await h.finish('d1', 1, { ok: false, crash: true, conclusion: 'failure' });
    expect(h.events(runId!).some((e) => e.type === 'step_failed' && e.data.step_id === 'd1')).toBe(true);
  });

  it('a UET-named run on another branch, of another event, or with a name that only contains a UET attempt is ignored for no request', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml');
    const name = h.fake.state.workflowRuns.find((w) => w.display_title.endsWith(':d1:1'))!.display_title;
    const payloads = [
      { ...workflowRunCompleted(repoFacts(h), { id: 70, runName: name, conclusion: 'failure' }) },
      workflowRunCompleted(repoFacts(h), { id: 71, runName: name, conclusion: 'failure' }),
      workflowRunCompleted(repoFacts(h), { id: 72, runName: `CI for ${name}`, conclusion: 'failure' }),
    ];
    payloads[0].workflow_run.head_branch = 'feature'; // the UET workflow as changed on a pull request branch
    payloads[1].workflow_run.event = 'push';
    h.fake.mark();
    for (const p of payloads) await h.receive('workflow_run', p);
    expect(h.fake.requests()).toEqual([]);
  });

  it('workflow_job is not used: a job named like the integrate job of an attempt changes nothing, for no request', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    const wr = simulateRunner(h.fake.state, 'd1', 1, { ok: false, crash: true, conclusion: 'failure' }, h.clock.now());
    const before = h.events(runId!).length;
    h.fake.mark();
    await h.receive(
      'workflow_job',
      workflowJobCompleted(repoFacts(h), { name: `integrate ${wr.display_title}`, conclusion: 'failure', runId: 999 }),
    );
    expect(h.fake.requests()).toEqual([]);
    expect(h.events(runId!).length).toBe(before);
  });

  it('a forged or repeated completion changes nothing: the ledger decides', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml');
    const dispatched = h.fake.state.dispatches.length;
    const name = h.fake.state.workflowRuns[0]!.display_title;
    h.fake.mark();
    await h.receive(
      'workflow_run',
      workflowRunCompleted(repoFacts(h), { id: 99, runName: name, conclusion: 'success' }),
    );
    expect(h.fake.state.dispatches.length).toBe(dispatched);
    expect(h.fake.writes()).toEqual([]);
  });
});
