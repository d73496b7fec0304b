import { expect } from 'vitest';
import { issueCommentCreated } from '../../fixtures/github/webhook-payloads.js';
import { createAppHarness, repoFacts, type AppHarness } from './app-harness.js';
import { PR, seedRepo, type SeedOptions, type Seeded } from './seed-repo.js';

let comments = 900;

/** A fresh app and repository; `afterEach(done)` checks that no request broke GitHub's REST description. */
export async function setup(seed: SeedOptions = {}): Promise<AppHarness & Seeded> {
  const h = await createAppHarness();
  return Object.assign(h, seedRepo(h.fake.state, seed));
}

export function done(h: AppHarness | undefined): void {
  if (!h) return;
  expect(h.fake.violations).toEqual([]);
  h.close();
}

/** A comment on pull request #7 (or on `issue`, a plain issue). Returns its delivery id. */
export async function comment(
  h: AppHarness,
  body: string,
  o: {
    sender?: string;
    issue?: number;
    commentId?: number;
    delivery?: string;
    viaAppId?: number;
    /** When the comment was written (default: now, on the test's clock). */
    createdAt?: number;
    /** `issue` is a pull request (default: only when no issue is given, PR #7). */
    pr?: boolean;
  } = {},
): Promise<string> {
  const payload = issueCommentCreated(repoFacts(h), {
    body,
    issue: o.issue ?? PR,
    pr: o.pr ?? o.issue === undefined,
    commentId: o.commentId ?? ++comments,
    sender: o.sender ?? 'wendy',
    ...(o.viaAppId !== undefined ? { viaAppId: o.viaAppId } : {}),
  });
  payload.comment.created_at = payload.comment.updated_at = new Date(o.createdAt ?? h.clock.now()).toISOString();
  return h.receive('issue_comment', payload, o.delivery);
}

/** The bodies of the comments the app posted on an issue or PR, sticky comments excluded. */
export function replies(h: AppHarness, issue = PR): string[] {
  return h.fake.state.comments
    .filter((c) => c.issue === issue && !c.body.startsWith('<!-- uet:run:'))
    .map((c) => c.body);
}

export function sticky(h: AppHarness, runId: string): string | undefined {
  return h.fake.state.comments.find((c) => c.body.startsWith(`<!-- uet:run:${runId} -->`))?.body;
}
