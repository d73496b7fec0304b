import { afterEach, describe, expect, it } from 'vitest';
import { reconcileRepo } from '../../src/app/reconcile/reconcile-repo.js';
import type { AppHarness } from './support/app-harness.js';
import { comment, done, setup } from './support/scenario.js';
import { scopeFor } from './support/scope-for.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

const startRefs = (runId: string) => [...h!.fake.state.refs.keys()].filter((r) => r.startsWith(`refs/uet/runs/${runId}-start/`));
const stickies = (runId: string) => h!.fake.state.comments.filter((c) => c.body.startsWith(`<!-- uet:run:${runId} -->`));

/**
 * A start claims its first wave on the ledger it just created, before the run's index refs exist, and moves no
 * ledger head for them (ADR 0025 point 8). These tests kill the start at the new points between its writes.
 */
describe('a start that dies between two writes', () => {
  it('between its first-wave claims and its index refs: the redelivered trigger indexes the run, the reconciler dispatches each claimed start once', async () => {
    h = await setup();
    // The first ref create after both first-wave claims is the index ref: it fails, as a process killed there would
    // leave it (the start's own fallback, which indexes the run whatever failed, waits on the same failed create).
    h.fake.onRequest = (key) => {
      const claims = [...h!.fake.state.refs.keys()].filter((r) => r.includes('-start/')).length;
      const indexed = [...h!.fake.state.refs.keys()].some((r) => r.startsWith('refs/uet/index/'));
      if (key === 'POST /repos/{owner}/{repo}/git/refs' && claims === 2 && !indexed && !h!.fake.faults.length)
        h!.fake.faults.push({ key, status: 403, when: 'before', times: 1 });
    };
    await expect(comment(h, '/uet run uet/bundle.yaml', { commentId: 81, delivery: 'd-1' })).rejects.toThrow(/injected fault/);
    const [runId] = h.runIds();
    expect(startRefs(runId!)).toHaveLength(2);
    expect(h.fake.state.dispatches).toEqual([]);
    expect([...h.fake.state.refs.keys()].filter((r) => r.startsWith('refs/uet/active/'))).toEqual([]);
    // The ledger head was not moved for the claims: the claims point at the head, which is the created commit.
    const head = h.fake.state.refs.get(`refs/uet/runs/${runId}`);
    expect(startRefs(runId!).map((r) => h!.fake.state.refs.get(r))).toEqual([head, head]);

    h.fake.onRequest = () => undefined;
    await comment(h, '/uet run uet/bundle.yaml', { commentId: 81, delivery: 'd-1' });
    expect(h.runIds()).toEqual([runId]);
    expect([...h.fake.state.refs.keys()].filter((r) => r.startsWith('refs/uet/active/'))).toHaveLength(1);
    expect(h.fake.state.checkRuns.filter((c) => c.name === 'UET run')).toHaveLength(1);
    // The claims stand (they are the run's); nobody dispatched them yet, so the reconciler does, after its grace.
    expect(h.fake.state.dispatches).toEqual([]);
    h.clock.advance(11 * 60_000);
    await reconcileRepo(await scopeFor(h));
    await reconcileRepo(await scopeFor(h));
    expect(h.fake.state.dispatches.map((d) => d.inputs.step_id).sort()).toEqual(['c1', 'd1']);
    expect(stickies(runId!)).toHaveLength(1);
  });

  it('at a failed first-wave claim: the run is indexed anyway, and the reconciler claims and dispatches what is left', async () => {
    h = await setup();
    h.fake.onRequest = (key) => {
      const ledger = [...h!.fake.state.refs.keys()].some((r) => /^refs\/uet\/runs\/[0-9A-Z]{26}$/.test(r));
      const branch = [...h!.fake.state.refs.keys()].some((r) => r.startsWith('refs/heads/uet/run/'));
      if (key === 'POST /repos/{owner}/{repo}/git/refs' && ledger && branch && !h!.fake.faults.length)
        h!.fake.faults.push({ key, status: 403, when: 'before', times: 1 });
    };
    await expect(comment(h, '/uet run uet/bundle.yaml')).rejects.toThrow(/injected fault/);
    h.fake.onRequest = () => undefined;
    const [runId] = h.runIds();
    expect(startRefs(runId!)).toEqual([]);
    expect([...h.fake.state.refs.keys()].filter((r) => r.startsWith('refs/uet/active/'))).toHaveLength(1);
    h.clock.advance(11 * 60_000);
    await reconcileRepo(await scopeFor(h));
    expect(h.fake.state.dispatches.map((d) => d.inputs.step_id).sort()).toEqual(['c1', 'd1']);
    await reconcileRepo(await scopeFor(h));
    expect(h.fake.state.dispatches).toHaveLength(2);
  });

  it('between its sticky comment and the comment ref: the redelivered trigger finds the comment by its marker, no second one', async () => {
    h = await setup();
    h.fake.onRequest = (key) => {
      if (key === 'POST /repos/{owner}/{repo}/git/refs' && h!.fake.state.comments.length && !h!.fake.faults.length)
        h!.fake.faults.push({ key, status: 403, when: 'before', times: 1 });
    };
    await expect(comment(h, '/uet run uet/bundle.yaml', { commentId: 82, delivery: 'd-1' })).rejects.toThrow(/injected fault/);
    h.fake.onRequest = () => undefined;
    const [runId] = h.runIds();
    expect(stickies(runId!)).toHaveLength(1);
    await comment(h, '/uet run uet/bundle.yaml', { commentId: 82, delivery: 'd-1' });
    expect(stickies(runId!)).toHaveLength(1);
    expect(h.fake.state.refs.has(`refs/uet/runs/${runId}-comment/${stickies(runId!)[0]!.id}`)).toBe(true);
    expect(h.fake.state.dispatches).toHaveLength(2);
  });
});
