import { describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../../src/adapters/github/github-client.js';
import { stickyMarker, writeStickyComment } from '../../../src/adapters/github/sticky-comment.js';

const RUN = '01KANZHJJ08AV9KT9MF4BWS95T';

/** Just enough of the REST API for the sticky comment: the comments, their edits and the comment ref. */
function fakeGitHub(comments: { id: number; body: string; user: { login: string; type: string } }[]) {
  const calls: string[] = [];
  let next = 100;
  const request = (route: string, params: Record<string, unknown>) => {
    calls.push(route);
    if (route.startsWith('GET /repos/{owner}/{repo}/issues/{issue_number}/comments'))
      return Promise.resolve({ data: comments });
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
});
