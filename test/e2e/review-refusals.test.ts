import { describe, expect, it } from 'vitest';
import { issueCommentCreated, pullRequestEvent } from '../fixtures/github/webhook-payloads.js';
import type { E2E } from './support/e2e-harness.js';
import { useE2E } from './support/inspect.js';
import { createReviewWorld, prComment, pushTo, replyInThread, submitReview } from './support/review-loop.js';

const world = useE2E();

/** No run, no dispatch, no check run, and no branch of the repository moved from `heads`. */
async function nothingPushed(e: E2E, heads: Record<string, string>) {
  expect(await e.runIds()).toEqual([]);
  expect(e.sim.state.workflowRuns).toEqual([]);
  expect(e.sim.state.checkRuns).toEqual([]);
  for (const [branch, sha] of Object.entries(heads)) expect(await e.sim.git.refSha(`refs/heads/${branch}`)).toBe(sha);
}

describe('review loop (d): who and what a follow-up refuses, with the reason, pushing nothing', () => {
  it('a reader, a reader’s /uet fix reply in a writer’s thread, a protected branch, a ruleset, the default branch, a head pushed after the comment', async () => {
    const e = await createReviewWorld();
    world.set(e);
    const s = e.sim.state;
    const heads = { main: e.mainSha, feature: e.headSha };

    await prComment(e, 7, '/uet fix rename foo to bar', 'rita');
    await e.settle();
    expect(e.replies().at(-1)).toContain('@rita UET runs only for collaborators with write access');
    expect(e.replies().at(-1)).toContain('you have read access');

    // A writer's review thread, and a reader replying `/uet fix` in it: the reader is refused like any command.
    await submitReview(e, {
      pr: 7,
      reviewId: 950,
      body: 'Looks close.',
      commit: e.headSha,
      comments: [{ id: 951, path: 'src/names.ts', line: 1, body: 'foo is a poor name.' }],
    });
    await replyInThread(e, { pr: 7, id: 952, inReplyTo: 951, body: '/uet fix push my change', commit: e.headSha, sender: 'rita' });
    await e.settle();
    // Refused before any read: rita was answered once and is not answered again for 10 minutes (no reply flood).
    expect(e.replies().filter((r) => r.startsWith('@rita'))).toHaveLength(1);
    expect(await e.runIds()).toEqual([]);

    // Branch protection, then a ruleset on the head branch: UET never pushes there.
    s.protectedBranches.add('feature');
    await prComment(e, 7, '/uet fix rename foo to bar');
    await e.settle();
    expect(e.replies().at(-1)).toContain('UET will not fix this pull request: UET does not push to `feature`');
    s.protectedBranches.delete('feature');
    s.branchRules.set('feature', [{ type: 'required_status_checks' }]);
    await prComment(e, 7, '/uet fix rename foo to bar');
    await e.settle();
    expect(e.replies().at(-1)).toContain('UET does not push to `feature`');
    s.branchRules.delete('feature');

    // A pull request whose head branch is the default branch.
    await e.sim.git.createRef('refs/heads/release', e.mainSha);
    s.pulls.set(8, { number: 8, state: 'open', head: { ref: 'main', repo: s.fullName }, base: { ref: 'release' }, title: 'Sync', body: '', draft: false, labels: [] });
    await prComment(e, 8, '/uet fix rename foo to bar');
    await e.settle();
    expect(e.replies(8).at(-1)).toContain('its head branch `main` is the default branch, and UET never pushes to it');

    // The comment is written, then someone pushes to the branch before UET reads it: the new head is not run.
    const payload = issueCommentCreated(e.repo, { body: '/uet fix rename foo to bar', issue: 7, pr: true, commentId: 9601, sender: 'wendy' });
    payload.comment.created_at = payload.comment.updated_at = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 1_100));
    const pushed = await pushTo(e, 'feature', { 'src/late.ts': 'export const late = 1;\n' });
    await e.sender.send('issue_comment', payload);
    await e.settle();
    expect(e.replies().at(-1)).toContain('`feature` was pushed after your comment');
    expect(e.replies().at(-1)).toContain('UET never runs a commit pushed after the comment that asked for it');
    await nothingPushed(e, { ...heads, feature: pushed });
    expect(e.replies()).toHaveLength(4);
    expect(e.replies(8)).toHaveLength(1);
  });

  it('a fork pull request: refused with the reason, nothing pushed anywhere', async () => {
    const e = await createReviewWorld({ fork: true });
    world.set(e);
    await prComment(e, 7, '/uet fix rename foo to bar');
    await e.settle();
    expect(e.replies()).toEqual([expect.stringContaining("UET will not fix this pull request: its branch is a fork's")]);
    await nothingPushed(e, { main: e.mainSha });
    expect(await e.sim.git.refSha('refs/heads/feature')).toBeUndefined();
  });

  it('a head that moves while the fix runs: nothing is pushed, the sticky comment says why and where the result is', async () => {
    const e = await createReviewWorld();
    world.set(e);
    let moved: Promise<string> | undefined;
    const runner = e.sim.onDispatch;
    e.sim.onDispatch = (run) => {
      runner?.(run);
      if (run.inputs.step_id === 'fix') moved ??= pushTo(e, 'feature', { 'src/other.ts': 'export const other = 2;\n' });
    };
    await prComment(e, 7, '/uet fix rename foo to bar');
    await e.settle();
    const [runId] = await e.runIds();
    const events = await e.events(runId!);
    expect(events.find((x) => x.type === 'patch_committed'), e.dump()).toBeDefined();
    // The branch is where its author pushed it; the fix stays on the run branch, and the PR says so.
    expect(await e.sim.git.refSha('refs/heads/feature')).toBe(await moved);
    const runHead = await e.sim.git.refSha(`refs/heads/uet/run/${runId}`);
    expect(runHead).toBeDefined();
    expect(await e.sim.git.readFile(runHead!, 'src/names.ts')).toContain('bar');
    const sticky = e.sticky(runId!)!;
    expect(sticky).toContain('**Not pushed:** `feature` moved after the command');
    expect(sticky).toContain('so nothing was pushed: UET never overwrites commits it did not see');
    expect(sticky).toContain(`The result stays on \`uet/run/${runId}\``);
    expect(e.sim.log.filter((l) => l.actor === 'app' && l.method === 'PATCH' && l.detail === 'heads/feature')).toEqual([]);
  });

  it('a head pushed while the fix runs, with the pull_request.synchronize GitHub sends: nothing is pushed, the PR says why', async () => {
    const e = await createReviewWorld();
    world.set(e);
    let moved: Promise<string> | undefined;
    const runner = e.sim.onDispatch;
    // The runner takes the fix only once the app has handled the push's synchronize: the order GitHub gives when a
    // job waits for a runner, made certain here.
    e.sim.onDispatch = (run) => {
      if (run.inputs.step_id !== 'fix' || moved) return runner?.(run);
      e.runner.pause();
      runner?.(run);
      moved = pushTo(e, 'feature', { 'src/other.ts': 'export const other = 2;\n' });
      void moved
        .then((sha) =>
          e.sender.send('pull_request', pullRequestEvent(e.repo, 'synchronize', { number: 7, headSha: sha, before: e.headSha, sender: 'mallory' })),
        )
        .then(async () => {
          while ((e.app?.busy?.() ?? 0) > 0) await new Promise((r) => setTimeout(r, 20));
          e.runner.resume();
        });
    };
    await prComment(e, 7, '/uet fix rename foo to bar');
    await e.settle();
    const [runId] = await e.runIds();
    expect(await e.sim.git.refSha('refs/heads/feature')).toBe(await moved);
    expect(e.sim.log.filter((l) => l.actor === 'app' && l.method === 'PATCH' && l.detail === 'heads/feature')).toEqual([]);
    // The push paused the run (as for any run, ADR 0017); its advice is to ask for the fix again, on the new head.
    expect((await e.events(runId!)).find((x) => x.type === 'run_paused')).toMatchObject({ data: { reason: 'head_moved' } });
    expect(e.sticky(runId!)).toContain("the pull request's head moved to");
    expect(e.sticky(runId!)).toContain('comment `/uet fix` for a new run');
  });
});
