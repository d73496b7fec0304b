import { afterEach, describe, expect, it } from 'vitest';
import { workflowJobCompleted, workflowRunCompleted } from '../fixtures/github/webhook-payloads.js';
import { reconcileRepo } from '../../src/app/reconcile/reconcile-repo.js';
import { repoFacts, type AppHarness } from './support/app-harness.js';
import { comment, done, setup } from './support/scenario.js';
import { simulateRunner } from './support/simulate-runner.js';
import { scopeFor } from './support/scope-for.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

describe('workflow_run and workflow_job completions', () => {
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

  it('advances on workflow_job.completed of an integrate job that names its attempt', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    const wr = simulateRunner(h.fake.state, 'd1', 1, { ok: true }, h.clock.now());
    await h.receive(
      'workflow_job',
      workflowJobCompleted(repoFacts(h), {
        name: `integrate ${wr.display_title}`,
        conclusion: 'success',
        runId: wr.id,
      }),
    );
    expect(h.fake.state.dispatches.map((d) => d.inputs.step_id)).toContain('d2');
    expect(h.events(runId!).some((e) => e.type === 'step_succeeded')).toBe(true);
    h.fake.mark();
    await h.receive(
      'workflow_job',
      workflowJobCompleted(repoFacts(h), { name: 'execute', conclusion: 'success', runId: wr.id }),
    );
    expect(h.fake.requests()).toEqual([]);
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
