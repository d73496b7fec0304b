import { afterEach, describe, expect, it } from 'vitest';
import { issueCommentCreated } from '../fixtures/github/webhook-payloads.js';
import { repoFacts, type AppHarness } from './support/app-harness.js';
import { comment, done, setup } from './support/scenario.js';
import { PR } from './support/seed-repo.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

const ONE_STEP = ['bundle_id: one', 'workstreams:', '  - ws_id: a', '    steps:', '      - { step_id: a1, tool_profile_id: shell }', ''].join('\n');

describe("the run check at the end of a run (ADR 0025: looked up in the instance's listing of the commit)", () => {
  it('a run check another replica created, which this instance\'s fresh listing does not show, is updated at the end, not doubled and left in progress', async () => {
    h = await setup({ bundle: ONE_STEP });
    // Run 1, all on this instance: its step's completion lists the commit's check runs (the listing stays fresh).
    await comment(h, '/uet run uet/bundle.yaml');
    await h.finish('a1', 1, { ok: true, files: { 'out/one': '1' } });
    const [first] = h.runIds();
    // Run 2 on the same commit, started by another replica: its run check is not in this instance's listing.
    const replica = await h.replica();
    const payload = issueCommentCreated(repoFacts(h), { body: '/uet run uet/bundle.yaml', issue: PR, pr: true, commentId: 4242, sender: 'wendy' });
    payload.comment.created_at = payload.comment.updated_at = new Date(h.clock.now()).toISOString();
    await replica('issue_comment', payload);
    const second = h.runIds().find((id) => id !== first)!;
    expect(second).toBeDefined();
    // This instance handles run 2's last completion and ends it.
    h.fake.mark();
    await h.finish('a1', 1, { ok: true, files: { 'out/two': '2' } });
    expect(h.events(second).at(-1)).toMatchObject({ type: 'run_completed', data: { state: 'succeeded' } });
    for (const runId of [first!, second]) {
      const checks = h.fake.state.checkRuns.filter((c) => c.name === 'UET run' && c.external_id === runId);
      expect(checks.map((c) => c.status)).toEqual(['completed']);
    }
    // The lookup GitHub answered (the listing had no such check), once.
    expect(h.fake.requests().filter((r) => r.key === 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs')).toHaveLength(1);
  });
});
