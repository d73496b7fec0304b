import { afterEach, describe, expect, it } from 'vitest';
import { pullRequestEvent } from '../fixtures/github/webhook-payloads.js';
import { repoFacts, type AppHarness } from './support/app-harness.js';
import { comment, done, setup, sticky } from './support/scenario.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

describe('pull request events', () => {
  it('closed: cancels the active runs of the pull request', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    h.fake.state.pulls.get(7)!.state = 'closed';
    await h.receive(
      'pull_request',
      pullRequestEvent(repoFacts(h), 'closed', { number: 7, headSha: 'x', sender: 'wendy' }),
    );
    expect(h.events(runId!).some((e) => e.type === 'run_cancel_requested')).toBe(true);
    expect(h.fake.state.canceledRuns).toHaveLength(2);
  });

  it('synchronize: the head moved past the pinned commit, so the run pauses and asks for a new command', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml');
    const [runId] = h.runIds();
    const moved = h.fake.state.commitFiles('feature', { 'src/more.ts': 'x' });
    await h.receive(
      'pull_request',
      pullRequestEvent(repoFacts(h), 'synchronize', { number: 7, headSha: moved, sender: 'wendy' }),
    );
    expect(h.events(runId!).at(-1)).toMatchObject({ type: 'run_paused', data: { reason: 'head_moved' } });
    await h.finish('d1', 1, { ok: true });
    expect(h.fake.state.dispatches).toHaveLength(2); // nothing new is dispatched on a paused run
    expect(sticky(h, runId!)).toContain('comment `/uet run` for a new run');
    expect(h.fake.state.checkRuns.find((c) => c.name === 'UET run')).toMatchObject({
      status: 'completed',
      conclusion: 'action_required',
    });
  });

  it('costs one read for a pull request without active runs', async () => {
    h = await setup();
    await h.receive(
      'pull_request',
      pullRequestEvent(repoFacts(h), 'closed', { number: 7, headSha: 'x', sender: 'wendy' }),
    );
    expect(h.fake.requests().map((r) => r.key)).toEqual([
      'GET /repos/{owner}/{repo}/git/matching-refs/{ref}',
    ]);
  });
});
