import { fail, ok, type FakeRoute } from './fake-route.js';
import type { FakePull, FakeState } from './fake-state.js';

const user = (login: string) => ({ login, id: 1, type: login.endsWith('[bot]') ? 'Bot' : 'User' });
const commentJson = (s: FakeState, c: { id: number; issue: number; body: string; user: string }) => ({
  id: c.id,
  body: c.body,
  user: user(c.user),
  html_url: `${s.htmlUrl}/issues/${c.issue}#issuecomment-${c.id}`,
});
const pullJson = (s: FakeState, p: FakePull) => ({
  number: p.number,
  state: p.state,
  html_url: `${s.htmlUrl}/pull/${p.number}`,
  title: p.title ?? `PR ${p.number}`,
  draft: p.draft ?? false,
  head: { sha: p.head.sha, ref: p.head.ref, repo: { full_name: p.head.repo } },
  base: { ref: p.base.ref, repo: { full_name: s.fullName } },
});

/** Permissions, comments, reactions, labels and pull requests. */
export const issueRoutes: Record<string, FakeRoute> = {
  'GET /repos/{owner}/{repo}/collaborators/{username}/permission': ({ params, state }) => {
    const role = state.permissions.get(params.username!);
    if (!role) return fail(404, `${params.username} is not a user`);
    const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
    return ok({ permission, role_name: role, user: user(params.username!) });
  },
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': ({ params, body, state }) => {
    const c = {
      id: state.id(),
      issue: Number(params.issue_number),
      body: body.body as string,
      user: 'uet-app[bot]',
    };
    state.comments.push(c);
    return ok(commentJson(state, c), 201);
  },
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': ({ params, state }) =>
    ok(
      state.comments.filter((c) => c.issue === Number(params.issue_number)).map((c) => commentJson(state, c)),
    ),
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': ({ params, body, state }) => {
    const c = state.comments.find((x) => x.id === Number(params.comment_id));
    if (!c) return fail(404, 'Not Found');
    c.body = body.body;
    return ok(commentJson(state, c));
  },
  'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions': ({ params, body, state }) => {
    state.commentReactions.push({ commentId: Number(params.comment_id), content: body.content });
    return ok({ id: state.id(), content: body.content }, 201);
  },
  'POST /repos/{owner}/{repo}/issues/{issue_number}/reactions': ({ params, body, state }) => {
    state.issueReactions.push({ issue: Number(params.issue_number), content: body.content });
    return ok({ id: state.id(), content: body.content }, 201);
  },
  'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': ({ params, body, state }) => {
    const p = state.pulls.get(Number(params.issue_number));
    if (p) p.labels.push(...(body.labels as string[]));
    return ok((body.labels as string[]).map((name) => ({ name })));
  },
  'GET /repos/{owner}/{repo}/pulls/{pull_number}': ({ params, state }) => {
    const p = state.pulls.get(Number(params.pull_number));
    return p ? ok(pullJson(state, p)) : fail(404, 'Not Found');
  },
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': ({ params, query, state }) => {
    const p = state.pulls.get(Number(params.pull_number));
    if (!p) return fail(404, 'Not Found');
    const page = Number(query.get('page') ?? 1);
    const per = Number(query.get('per_page') ?? 30);
    return ok(
      p.files.slice((page - 1) * per, page * per).map((filename) => ({
        filename,
        status: 'modified',
        additions: 1,
        deletions: 1,
        changes: 2,
        sha: 'x',
        blob_url: '',
        raw_url: '',
        contents_url: '',
      })),
    );
  },
  'GET /repos/{owner}/{repo}/pulls': ({ query, state }) => {
    const head = query.get('head')?.split(':')[1];
    return ok(
      [...state.pulls.values()]
        .filter((p) => p.head.ref === head && p.head.repo === state.fullName)
        .map((p) => pullJson(state, p)),
    );
  },
  'POST /repos/{owner}/{repo}/pulls': ({ body, state }) => {
    const sha = state.resolve(body.head);
    if (!sha || !state.resolve(body.base)) return fail(422, 'Validation Failed');
    if (state.commitsBetween(state.resolve(body.base)!, sha).length === 0)
      return fail(422, `No commits between ${body.base} and ${body.head}`);
    const number = state.id();
    const p: FakePull = {
      number,
      state: 'open',
      head: { sha, ref: body.head, repo: state.fullName },
      base: { ref: body.base },
      files: [],
      title: body.title,
      body: body.body,
      draft: body.draft,
      labels: [],
    };
    state.pulls.set(number, p);
    return ok(pullJson(state, p), 201);
  },
};
