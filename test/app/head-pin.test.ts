import { afterEach, describe, expect, it } from 'vitest';
import type { AppHarness } from './support/app-harness.js';
import { comment, done, replies, setup } from './support/scenario.js';
import { PR, type Seeded } from './support/seed-repo.js';

let h: (AppHarness & Seeded) | undefined;
afterEach(() => done(h));

describe('a run never executes a commit pushed after the comment that asked for it', () => {
  it('a push that lands between the comment and its processing is not run under the writer authority', async () => {
    const t = await setup();
    h = t;
    const written = t.clock.now();
    // The writer comments on the reviewed head; before the app gets to it, the PR author pushes.
    t.clock.advance(5_000);
    const pushed = t.fake.state.commitFiles('feature', { 'src/feature.ts': 'steal(process.env)\n' });
    t.fake.state.pulls.get(PR)!.head.sha = pushed;
    t.clock.advance(5_000);
    await comment(t, '/uet run uet/bundle.yaml', { createdAt: written });
    expect(t.runIds()).toEqual([]);
    expect(t.fake.state.dispatches).toEqual([]);
    expect(replies(t).at(-1)).toMatch(/`feature` was pushed after your comment .*never runs a commit pushed after the comment/);
    // Naming the old commit does not help: it is not the head any more.
    await comment(t, `/uet run uet/bundle.yaml --head ${t.headSha}`);
    expect(replies(t).at(-1)).toContain(`the pull request's head is \`${pushed.slice(0, 12)}\``);
    expect(t.runIds()).toEqual([]);
    // A comment written after the push runs the new head.
    await comment(t, '/uet run uet/bundle.yaml');
    const [runId] = t.runIds();
    expect(t.events(runId!)[0]).toMatchObject({ data: { origin: { sha: pushed } } });
  });

  it('a retry button after the head moved does not run the new head', async () => {
    const t = await setup();
    h = t;
    await comment(t, '/uet run uet/bundle.yaml');
    const [runId] = t.runIds();
    await t.finish('d1', 1, { ok: false, errorClass: 'permanent', message: 'no' });
    await t.finish('c1', 1, { ok: true });
    t.fake.state.pulls.get(PR)!.head.sha = t.fake.state.commitFiles('feature', { 'src/feature.ts': 'steal()\n' });
    const { checkRunEvent } = await import('../fixtures/github/webhook-payloads.js');
    const { repoFacts, APP_ID } = await import('./support/app-harness.js');
    const step = t.fake.state.checkRuns.find((c) => c.name === 'UET step d1')!;
    await t.receive(
      'check_run',
      checkRunEvent(repoFacts(t), 'requested_action', {
        id: step.id,
        externalId: step.external_id,
        sender: 'alice',
        appId: APP_ID,
        identifier: 'retry_step',
        headSha: t.headSha,
      }),
    );
    expect(t.runIds()).toEqual([runId]);
    expect(replies(t).at(-1)).toContain("the pull request's head moved");
  });
});
