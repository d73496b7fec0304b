import { afterEach, describe, expect, it } from 'vitest';
import { reconcileInstallations } from '../../src/app/reconcile/reconcile-installations.js';
import { reconcileRepo } from '../../src/app/reconcile/reconcile-repo.js';
import { checkResultPolicy } from '../../src/app/policy/check-result-policy.js';
import { createUlidSource } from '../../src/adapters/ulid-source.js';
import type { AppHarness } from './support/app-harness.js';
import { comment, done, setup } from './support/scenario.js';
import { scopeFor } from './support/scope-for.js';
import { simulateRunner } from './support/simulate-runner.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

describe("the reconciler: no state but GitHub's", () => {
  it('advances a run whose completion webhook was lost, and creates the missing check run once', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    simulateRunner(h.fake.state, 'd1', 1, { ok: true }, h.clock.now()); // no webhook: it was lost
    await h.restart();
    await reconcileRepo(await scopeFor(h));
    expect(h.fake.state.dispatches.map((d) => d.inputs.step_id)).toContain('d2');
    await reconcileRepo(await scopeFor(h));
    expect(h.fake.state.dispatches.filter((d) => d.inputs.step_id === 'd2')).toHaveLength(1);
    expect(h.events(runId!).filter((e) => e.type === 'step_succeeded')).toHaveLength(1);
    expect(h.fake.state.checkRuns.filter((c) => c.name === 'UET step d1')).toHaveLength(1);
  });

  it('records a workflow run that ended long ago without an outcome, and dispatches a claimed start that never was', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    const s = h.fake.state;
    const wr = s.workflowRuns.find((w) => w.inputs.step_id === 'c1')!;
    Object.assign(wr, { status: 'completed', conclusion: 'success' }); // ended, but its integrate job never pushed
    s.workflowRuns.splice(
      s.workflowRuns.findIndex((w) => w.inputs.step_id === 'd1'),
      1,
    ); // the dispatch was lost
    h.clock.advance(11 * 60_000);
    await reconcileRepo(await scopeFor(h));
    expect(h.events(runId!).find((e) => e.type === 'step_failed')).toMatchObject({
      data: { step_id: 'c1', error_class: 'transient_error' },
    });
    expect(s.dispatches.filter((d) => d.inputs.step_id === 'd1')).toHaveLength(2);
  });

  it('on a commit with a hundred CI check runs, reconciling twice creates no second UET step check', async () => {
    const t = await setup();
    h = t;
    const s = t.fake.state;
    // The PR head already carries 100 check runs of the repository's CI (another app's): UET's come after them.
    for (let i = 0; i < 100; i++)
      s.checkRuns.push({ id: s.id(), name: `CI ${i}`, head_sha: t.headSha, external_id: '', status: 'completed', conclusion: 'success', output: { annotations_count: 0 }, actions: [] });
    await comment(t, '/uet run uet/bundle.yaml');
    await t.finish('d1', 1, { ok: true });
    expect(s.checkRuns.filter((c) => c.name === 'UET step d1')).toHaveLength(1);
    t.clock.advance(60_000);
    await reconcileRepo(await scopeFor(t));
    await reconcileRepo(await scopeFor(t));
    expect(s.checkRuns.filter((c) => c.name === 'UET step d1')).toHaveLength(1);
  });

  it("walks every installation and repository, with the app's JWT", async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml');
    simulateRunner(h.fake.state, 'd1', 1, { ok: true }, h.clock.now());
    h.fake.mark();
    await reconcileInstallations(h.probot, {
      clock: h.clock,
      ids: createUlidSource(h.clock),
      checkPolicy: checkResultPolicy,
    });
    const keys = h.fake.requests().map((r) => r.key);
    expect(keys.slice(0, 2)).toEqual(['GET /app/installations', 'GET /installation/repositories']);
    expect(h.fake.state.dispatches.map((d) => d.inputs.step_id)).toContain('d2');
  });
});
