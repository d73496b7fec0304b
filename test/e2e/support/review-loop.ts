import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { RunEvent } from '../../../src/core/run/index.js';
import {
  issueCommentCreated,
  pullRequestReviewCommentCreated,
  pullRequestReviewSubmitted,
} from '../../fixtures/github/webhook-payloads.js';
import { createE2E, type E2E, type E2EOptions } from './e2e-harness.js';
import { SMALL_BUNDLE } from './seed-sim.js';

/** The repository's agent instructions, on the PR branch and on main: every prompt must carry them. */
export const AGENTS = '# Agents\n\nKeep names short. Run `make test` before you answer.\n';
export const NAMES = 'export const foo = 1;\nexport const twice = () => foo * 2;\n';
export const F_PY = 'def f(x):\n    return x * 2\n';

/** A world for the review loop: `default_tool: claude` (the fake claude the runner installs), AGENTS.md, and the prompts the tools got. */
export async function createReviewWorld(o: E2EOptions = {}): Promise<E2E & { prompts: () => ToolPrompt[] }> {
  const out = mkdtempSync(join(tmpdir(), 'uet-review-'));
  const e = await createE2E({
    bundle: SMALL_BUNDLE,
    config: 'default_tool: claude\n',
    mainFiles: { 'AGENTS.md': AGENTS, 'lib/f.py': F_PY },
    prFiles: { 'src/names.ts': NAMES },
    toolInstalls: join(out, 'installs.jsonl'),
    ...o,
  });
  const file = join(out, 'tool-prompts.jsonl');
  return Object.assign(e, {
    prompts: () =>
      existsSync(file)
        ? readFileSync(file, 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as ToolPrompt)
        : [],
  });
}

/** What a tool process was started with, as the fake tool recorded it (FAKE_TOOL_RECORD). */
export interface ToolPrompt {
  readonly tool: string;
  readonly argv: string[];
  readonly stdin: string;
}

const written = () => new Date().toISOString();
let ids = 60_000;

/** A comment on pull request `pr` (written now), delivered signed; returns the delivery id. */
export async function prComment(e: E2E, pr: number, body: string, sender = 'wendy', delivery?: string) {
  const p = issueCommentCreated(e.repo, { body, issue: pr, pr: true, commentId: ++ids, sender });
  p.comment.created_at = p.comment.updated_at = written();
  return (await e.sender.send('issue_comment', p, delivery)).id;
}

/** A comment on issue `issue` written by `author` (title, body), delivered signed. */
export async function issueComment(
  e: E2E,
  issue: number,
  body: string,
  o: { author: string; title: string; text: string; sender?: string },
) {
  const p = issueCommentCreated(e.repo, { body, issue, pr: false, commentId: ++ids, sender: o.sender ?? 'wendy' });
  p.issue.user = { ...p.issue.user, login: o.author, type: 'User' };
  p.issue.title = o.title;
  p.issue.body = o.text;
  p.comment.created_at = p.comment.updated_at = written();
  return (await e.sender.send('issue_comment', p)).id;
}

/** Review comments GitHub holds for a review `reviewId` of `pr` on `commit`, then the review submitted with `body`. */
export async function submitReview(
  e: E2E,
  o: {
    pr: number;
    reviewId: number;
    body: string;
    commit: string;
    sender?: string;
    comments: { id: number; path: string; line: number; body: string; user?: string; inReplyTo?: number }[];
    delivery?: string;
  },
) {
  for (const c of o.comments)
    e.sim.state.reviewComments.push({
      id: c.id,
      pull: o.pr,
      reviewId: o.reviewId,
      body: c.body,
      path: c.path,
      line: c.line,
      diffHunk: `@@ -0,0 +1,2 @@\n+${c.path} line ${c.line}`,
      user: c.user ?? o.sender ?? 'wendy',
      commitId: o.commit,
      ...(c.inReplyTo !== undefined ? { inReplyTo: c.inReplyTo } : {}),
    });
  const p = pullRequestReviewSubmitted(e.repo, {
    pull: o.pr,
    reviewId: o.reviewId,
    body: o.body,
    sender: o.sender ?? 'wendy',
    commitId: o.commit,
    submittedAt: written(),
  });
  return (await e.sender.send('pull_request_review', p, o.delivery)).id;
}

/** A reply `body` by `sender` in the review thread whose first comment is `inReplyTo`, delivered as GitHub does. */
export async function replyInThread(
  e: E2E,
  o: { pr: number; id: number; inReplyTo: number; body: string; commit: string; sender: string },
) {
  const root = e.sim.state.reviewComments.find((c) => c.id === o.inReplyTo)!;
  e.sim.state.reviewComments.push({ ...root, id: o.id, reviewId: o.id, body: o.body, user: o.sender, inReplyTo: o.inReplyTo });
  const p = pullRequestReviewCommentCreated(e.repo, {
    pull: o.pr,
    commentId: o.id,
    reviewId: o.id,
    body: o.body,
    sender: o.sender,
    commitId: o.commit,
    path: root.path,
    line: root.line ?? 1,
    createdAt: written(),
    inReplyTo: o.inReplyTo,
  });
  return (await e.sender.send('pull_request_review_comment', p)).id;
}

export type Created = Extract<RunEvent, { type: 'run_created' }>;
export type Rendered = Extract<RunEvent, { type: 'prompt_rendered' }>;

/** The run whose run_created is not one of `known`. */
export async function newRun(e: E2E, known: readonly string[]): Promise<string> {
  const fresh = (await e.runIds()).filter((r) => !known.includes(r));
  expect(fresh, e.dump()).toHaveLength(1);
  return fresh[0]!;
}

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The prompt a tool got for each prompt_rendered of a run: the recorded prompt whose SHA-256 is the event's hash
 * (the engine records the hash; the tool job renders the text from the ledger: both must agree).
 */
export function promptsOf(events: readonly RunEvent[], prompts: readonly ToolPrompt[]): { event: Rendered; text?: string }[] {
  return events
    .filter((x): x is Rendered => x.type === 'prompt_rendered')
    .map((event) => {
      const text = prompts.find((p) => sha256(p.stdin) === event.data.prompt_hash)?.stdin;
      return { event, ...(text !== undefined ? { text } : {}) };
    });
}

/** What the app spent on one delivery (installation tokens aside), by event and, for a workflow run, its node. */
export interface DeliveryCost {
  readonly name: string;
  /** `workflow_run`: the node of the run (`uet:<run_id>:<node>:<attempt>`); otherwise the event's action. */
  readonly what: string;
  readonly requests: number;
  readonly writes: number;
  readonly keys: string[];
}

/**
 * Delivers one webhook at a time, each once the app's handlers of the one before are done, so that every request
 * the app makes is counted against the delivery that caused it (the in-process app runs no timers here).
 */
export function recordDeliveryCosts(e: E2E): DeliveryCost[] {
  const costs: DeliveryCost[] = [];
  const send = e.sender.send.bind(e.sender);
  const inFlight = e.sender.inFlight.bind(e.sender);
  let queued = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const idle = async () => {
    while ((e.app?.busy?.() ?? 0) > 0) await new Promise((r) => setTimeout(r, 20));
  };
  e.sender.inFlight = () => inFlight() + queued;
  e.sender.send = (name, payload, id) => {
    queued += 1;
    const p = chain.then(async () => {
      queued -= 1;
      await idle();
      const start = e.sim.log.length;
      try {
        return await send(name, payload, id);
      } finally {
        await idle();
        const body = payload as { action?: string; workflow_run?: { display_title?: string } };
        const title = body.workflow_run?.display_title;
        const what = name === 'workflow_run' && title ? title.split(':').slice(2, -1).join(':') : (body.action ?? '');
        costs.push({ name, what, ...appCost(e, start) });
      }
    });
    chain = p.catch(() => undefined);
    return p;
  };
  return costs;
}

/** The app's requests and writes from log position `since` (installation tokens aside): what a phase cost. */
export function appCost(e: E2E, since: number, until = e.sim.log.length) {
  const mine = e.sim.log
    .slice(since, until)
    .filter((l) => l.actor === 'app' && !l.key.includes('/access_tokens'));
  return {
    requests: mine.length,
    writes: mine.filter((l) => l.method !== 'GET').length,
    keys: mine.map((l) => `${l.method === 'GET' ? '' : '*'}${l.key}`),
  };
}

/** A commit on `branch` changing `files`, pushed as a person would (the branch moves, GitHub records the push). */
export async function pushTo(e: E2E, branch: string, files: Record<string, string>): Promise<string> {
  const git = e.sim.git;
  const old = (await git.refSha(`refs/heads/${branch}`))!;
  const tree = (await git.run(['rev-parse', `${old}^{tree}`])).stdout.trim();
  const next = await git.writeTree(
    tree,
    Object.entries(files).map(([path, content]) => ({ path, content })),
  );
  const sha = await git.commitTree(next, [old], `push to ${branch}`);
  expect(await git.swapRef(`refs/heads/${branch}`, sha, old)).toBe(true);
  return sha;
}
