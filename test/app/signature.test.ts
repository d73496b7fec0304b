import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { issueCommentCreated } from '../fixtures/github/webhook-payloads.js';
import { repoFacts, type AppHarness } from './support/app-harness.js';
import { done, setup } from './support/scenario.js';
import { PR } from './support/seed-repo.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

const sign = (body: string, secret: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('webhook signatures (verified by Probot before any handler runs)', () => {
  it('drops a delivery whose signature does not match the webhook secret, for no request', async () => {
    h = await setup();
    const body = JSON.stringify(
      issueCommentCreated(repoFacts(h), {
        body: '/uet run uet/bundle.yaml',
        issue: PR,
        pr: true,
        commentId: 1,
        sender: 'wendy',
      }),
    );
    await expect(
      h.probot.webhooks.verifyAndReceive({
        id: 'sig-1',
        name: 'issue_comment',
        payload: body,
        signature: sign(body, 'not-the-secret'),
      }),
    ).rejects.toThrow(/signature/i);
    expect(h.fake.log).toEqual([]);
  });

  it('handles a correctly signed delivery', async () => {
    h = await setup();
    const payload = issueCommentCreated(repoFacts(h), {
      body: '/uet run uet/bundle.yaml',
      issue: PR,
      pr: true,
      commentId: 2,
      sender: 'wendy',
    });
    // Written now, after the head was pushed: the head as of the comment is the head (ADR 0017).
    payload.comment.created_at = payload.comment.updated_at = new Date(h.clock.now()).toISOString();
    const body = JSON.stringify(payload);
    await h.probot.webhooks.verifyAndReceive({
      id: 'sig-2',
      name: 'issue_comment',
      payload: body,
      signature: sign(body, 'test-secret'),
    });
    expect(h.runIds()).toHaveLength(1);
  });
});
