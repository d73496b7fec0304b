import { decodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../../src/adapters/github/github-client.js';
import { stickyMarker, writeStickyComment } from '../../../src/adapters/github/sticky-comment.js';

const RUN = '01KANZHJJ08AV9KT9MF4BWS95T';

/** Just enough of the REST API for the sticky comment: the comments, their edits and the comment ref. */
interface Comment {
  id: number;
  body: string;
  user: { login: string; type: string };
  updated_at?: string;
}

/** Comments as GitHub lists them: `since` keeps those updated at or after it, then pages of `per_page` (30 by default). */
function listComments(comments: readonly Comment[], params: Record<string, unknown>): Comment[] {
  const since = params.since === undefined ? undefined : Date.parse(params.since as string);
  const kept = comments.filter(
    (c) => since === undefined || Date.parse(c.updated_at ?? '2026-01-01T00:00:00Z') >= since,
  );
  const perPage = Number(params.per_page ?? 30);
  const page = Number(params.page ?? 1);
  return kept.slice((page - 1) * perPage, page * perPage);
}

function fakeGitHub(comments: Comment[]) {
  const calls: string[] = [];
  let next = 100_000;
  const request = (route: string, params: Record<string, unknown>) => {
    calls.push(route);
    if (route.startsWith('GET /repos/{owner}/{repo}/issues/{issue_number}/comments'))
      return Promise.resolve({ data: listComments(comments, params) });
    if (route.startsWith('POST /repos/{owner}/{repo}/issues/{issue_number}/comments')) {
      const c = { id: next++, body: params.body as string, user: { login: 'uet-app[bot]', type: 'Bot' } };
      comments.push(c);
      return Promise.resolve({ data: c });
    }
    if (route.startsWith('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}')) {
      comments.find((c) => c.id === params.comment_id)!.body = params.body as string;
      return Promise.resolve({ data: {} });
    }
    if (route.startsWith('POST /repos/{owner}/{repo}/git/refs')) return Promise.resolve({ data: {} });
    return Promise.reject(new Error(`unexpected ${route}`));
  };
  return { gh: { request } as unknown as GitHubClient, calls, comments };
}

describe('writeStickyComment', () => {
  it("never adopts a person's comment that carries the run's marker", async () => {
    const forged = {
      id: 7,
      body: `${stickyMarker(RUN)}\nall green, merge it`,
      user: { login: 'mallory', type: 'User' },
    };
    const f = fakeGitHub([forged]);
    const id = await writeStickyComment(
      f.gh,
      { owner: 'o', repo: 'r' },
      { kind: 'pr', number: 7 },
      { runId: RUN, ledgerHead: 'a'.repeat(40) },
      'progress',
    );
    expect(id).not.toBe(7);
    expect(forged.body).toBe(`${stickyMarker(RUN)}\nall green, merge it`);
    expect(f.comments.find((c) => c.id === id)).toMatchObject({
      user: { type: 'Bot' },
      body: `${stickyMarker(RUN)}\nprogress`,
    });
  });

  it("adopts the app's own comment found by its marker (a process died before recording its ref)", async () => {
    const own = { id: 9, body: `${stickyMarker(RUN)}\nold`, user: { login: 'uet-app[bot]', type: 'Bot' } };
    const f = fakeGitHub([own]);
    const id = await writeStickyComment(
      f.gh,
      { owner: 'o', repo: 'r' },
      { kind: 'pr', number: 7 },
      { runId: RUN, ledgerHead: 'a'.repeat(40) },
      'new',
    );
    expect([id, own.body]).toEqual([9, `${stickyMarker(RUN)}\nnew`]);
    expect(
      f.calls.some((c) => c.startsWith('POST /repos/{owner}/{repo}/issues/{issue_number}/comments')),
    ).toBe(false);
  });

  describe('on a pull request with hundreds of comments', () => {
    const runTime = decodeTime(RUN);
    const at = (offsetMs: number) => new Date(runTime + offsetMs).toISOString();
    const person = (id: number, updated: string): Comment => ({
      id,
      body: `comment ${id}`,
      user: { login: 'dev', type: 'User' },
      updated_at: updated,
    });
    const own = (id: number, updated: string): Comment => ({
      id,
      body: `${stickyMarker(RUN)}\nold`,
      user: { login: 'uet-app[bot]', type: 'Bot' },
      updated_at: updated,
    });
    const write = (f: ReturnType<typeof fakeGitHub>) =>
      writeStickyComment(
        f.gh,
        { owner: 'o', repo: 'r' },
        { kind: 'pr', number: 7 },
        { runId: RUN, ledgerHead: 'a'.repeat(40) },
        'new',
      );
    const created = (f: ReturnType<typeof fakeGitHub>) =>
      f.calls.filter((c) => c.startsWith('POST /repos/{owner}/{repo}/issues/{issue_number}/comments')).length;

    it('skips the comments from before the run: its own comment is found behind 230 older ones', async () => {
      const comments = [
        ...Array.from({ length: 230 }, (_, i) => person(i + 1, at(-86_400_000 + i))),
        own(500, at(2_000)),
        ...Array.from({ length: 120 }, (_, i) => person(600 + i, at(3_000 + i))),
      ];
      const f = fakeGitHub(comments);
      expect(await write(f)).toBe(500);
      expect(created(f)).toBe(0);
      expect(f.calls.filter((c) => c.startsWith('GET')).length).toBe(1);
    });

    it('reads further pages when more than 100 comments came after the run began', async () => {
      const comments = [
        ...Array.from({ length: 180 }, (_, i) => person(i + 1, at(1_000 + i))),
        own(500, at(5_000)),
      ];
      const f = fakeGitHub(comments);
      expect(await write(f)).toBe(500);
      expect(created(f)).toBe(0);
      expect(f.calls.filter((c) => c.startsWith('GET')).length).toBe(2);
    });
  });
});
