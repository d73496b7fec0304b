import { describe, expect, it } from 'vitest';
import { issueCommentCreated } from '../fixtures/github/webhook-payloads.js';
import { createE2E } from './support/e2e-harness.js';
import { resultPr, useE2E } from './support/inspect.js';
import { PR, SMALL_BUNDLE } from './support/seed-sim.js';

const world = useE2E();

describe('scenario 4: duplicate deliveries', () => {
  it('gives exactly one run for the same delivery twice, and for the same comment under two delivery ids', async () => {
    const e = world.set(await createE2E({ bundle: SMALL_BUNDLE }));
    const payload = issueCommentCreated(e.repo, {
      body: '/uet run uet/bundle.yaml',
      issue: PR,
      pr: true,
      commentId: 8101,
      sender: 'wendy',
    });
    payload.comment.created_at = payload.comment.updated_at = new Date().toISOString();
    // GitHub redelivers with the same delivery id; a retried or duplicated event arrives with another one.
    await Promise.all([
      e.sender.send('issue_comment', payload, 'delivery-same'),
      e.sender.send('issue_comment', payload, 'delivery-same'),
      e.sender.send('issue_comment', payload, 'delivery-other'),
    ]);
    await e.settle();
    await e.sender.send('issue_comment', payload, 'delivery-late');
    await e.settle();

    const runs = await e.runIds();
    expect(runs).toHaveLength(1);
    const runId = runs[0]!;
    expect(e.sim.state.workflowRuns.map((w) => w.display_title).sort()).toEqual([
      `uet:${runId}:s1:1`,
      `uet:${runId}:s2:1`,
    ]);
    expect(e.sim.state.comments.filter((c) => c.body.startsWith(`<!-- uet:run:${runId} -->`))).toHaveLength(
      1,
    );
    expect(e.sim.state.checkRuns.map((c) => c.name).sort()).toEqual([
      'UET run',
      'UET step s1',
      'UET step s2',
    ]);
    expect(e.sim.state.reactions).toHaveLength(1);
    expect(resultPr(e, runId)).toBeDefined();
    expect((await e.events(runId)).filter((x) => x.type === 'run_created')).toHaveLength(1);
    expect(e.replies()).toEqual([]);
  });
});
