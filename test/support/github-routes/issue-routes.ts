import { diffFileJson } from './compare-json.js';
import { fail, ok, user, type GitHubResponse, type GitHubRoute } from './github-route.js';
import { paginate } from './paginate.js';
import type { GitHubState, IssueComment, PullRequest } from './github-state.js';

const commentJson = (s: GitHubState, c: IssueComment) => ({
  id: c.id,
  node_id: 'IC_node',
  body: c.body,
  user: user(c.user),
  html_url: `${s.htmlUrl}/issues/${c.issue}#issuecomment-${c.id}`,
  performed_via_github_app: c.user === `${s.appSlug}[bot]` ? { id: s.appId, slug: s.appSlug } : null,
});

async function pullJson(s: GitHubState, p: PullRequest) {
  return {
    number: p.number,
    state: p.state,
    html_url: `${s.htmlUrl}/pull/${p.number}`,
    title: p.title,
    body: p.body,
    draft: p.draft,
    labels: p.labels.map((name) => ({ name })),
    head: { sha: await s.pullHead(p), ref: p.head.ref, repo: { full_name: p.head.repo } },
    base: { ref: p.base.ref, sha: await s.git.resolve(p.base.ref), repo: { full_name: s.fullName } },
    mergeable: p.mergeable === undefined ? true : p.mergeable,
  };
}

/** A reaction, once per subject and content: GitHub answers 200 with the existing one the second time. */
function react(state: GitHubState, subject: string, content: string) {
  const seen = state.reactions.some((r) => r.subject === subject && r.content === content);
  if (!seen) state.reactions.push({ subject, content });
  return ok({ id: state.id(), content, user: user(`${state.appSlug}[bot]`) }, seen ? 200 : 201);
}

/** One page of a list, as JSON, with its Link header. */
function paged<T>(
  req: Parameters<typeof paginate>[0],
  all: readonly T[],
  json: (item: T) => unknown,
): GitHubResponse {
  const { items, headers } = paginate(req, all);
  return { ...ok(items.map(json)), headers };
}

/** Collaborator permissions, comments, reactions, labels and pull requests. */
export const issueRoutes: Record<string, GitHubRoute<GitHubState>> = {
  'GET /repos/{owner}/{repo}/collaborators/{username}/permission': ({ params, state }) => {
    const role = state.permissions.get(params.username!);
    if (!role) return fail(404, `${params.username} is not a user`);
    const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
    return ok({ permission, role_name: role, user: user(params.username!) });
  },
  // GitHub answers 404 for a login that is no member (and for a team it does not show this installation).
  'GET /orgs/{org}/teams/{team_slug}/memberships/{username}': ({ params, state, api }) => {
    const member = state.teamMembers.get(`${params.org}/${params.team_slug}`)?.get(params.username!);
    if (!member) return fail(404, 'Not Found');
    return ok({ url: `${api}/organizations/1/team/1/memberships/${params.username}`, role: 'member', state: member });
  },
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': ({ params, body, state }) => {
    const c: IssueComment = {
      id: state.id(),
      issue: Number(params.issue_number),
      body: body.body as string,
      user: `${state.appSlug}[bot]`,
      edits: 0,
    };
    state.comments.push(c);
    return ok(commentJson(state, c), 201);
  },
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': (req) => {
    const all = req.state.comments.filter((c) => c.issue === Number(req.params.issue_number));
    return paged(req, all, (c) => commentJson(req.state, c));
  },
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': ({ params, body, state }) => {
    const c = state.comments.find((x) => x.id === Number(params.comment_id));
    if (!c) return fail(404, 'Not Found');
    c.body = body.body;
    c.edits += 1;
    return ok(commentJson(state, c));
  },
  'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions': ({ params, body, state }) =>
    react(state, `comment-${params.comment_id}`, body.content),
  'POST /repos/{owner}/{repo}/issues/{issue_number}/reactions': ({ params, body, state }) =>
    react(state, `issue-${params.issue_number}`, body.content),
  'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': ({ params, body, state }) => {
    const p = state.pulls.get(Number(params.issue_number));
    if (!p) return fail(404, 'Not Found');
    for (const l of body.labels as string[]) if (!p.labels.includes(l)) p.labels.push(l);
    return ok(p.labels.map((name) => ({ name })));
  },
  'GET /repos/{owner}/{repo}/pulls/{pull_number}': async ({ params, state }) => {
    const p = state.pulls.get(Number(params.pull_number));
    return p ? ok(await pullJson(state, p)) : fail(404, 'Not Found');
  },
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': async (req) => {
    const { params, state, limits } = req;
    const p = state.pulls.get(Number(params.pull_number));
    if (!p) return fail(404, 'Not Found');
    const files = p.files
      ? p.files.map((filename) => ({ filename, status: 'modified', additions: 1, deletions: 0 }))
      : (await state.git.compare(p.base.ref, (await state.pullHead(p))!)).files;
    // "Responses include a maximum of 3000 files": the files past it are on no page.
    return paged(req, files.slice(0, limits?.files ?? files.length), diffFileJson);
  },
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews': (req) => {
    const p = req.state.pulls.get(Number(req.params.pull_number));
    if (!p) return fail(404, 'Not Found');
    return paged(req, (p.reviews ?? []).map((r, i) => ({ ...r, id: i + 1 })), (r) => ({ id: r.id, user: user(r.user), state: r.state, body: '', commit_id: null }));
  },
  'GET /repos/{owner}/{repo}/pulls': async (req) => {
    const { query, state } = req;
    const [owner, ref] = (query.get('head') ?? ':').split(':') as [string, string];
    const wanted = query.get('state') ?? 'open';
    const list = [...state.pulls.values()].filter(
      (p) =>
        p.head.ref === ref &&
        p.head.repo === `${owner}/${state.name}` &&
        (wanted === 'all' || p.state === wanted),
    );
    const { items, headers } = paginate(req, list);
    return { ...ok(await Promise.all(items.map((p) => pullJson(state, p)))), headers };
  },
  'POST /repos/{owner}/{repo}/pulls': async ({ body, state }) => {
    const head = await state.git.resolve(`refs/heads/${body.head}`);
    const base = await state.git.resolve(`refs/heads/${body.base}`);
    if (!head || !base) return fail(422, 'Validation Failed: head or base is not a branch');
    if (
      [...state.pulls.values()].some(
        (p) => p.state === 'open' && p.head.ref === body.head && p.base.ref === body.base,
      )
    )
      return fail(422, `A pull request already exists for ${state.owner}:${body.head}.`);
    if ((await state.git.compare(base, head)).ahead === 0)
      return fail(422, `No commits between ${body.base} and ${body.head}`);
    const p: PullRequest = {
      number: state.id(),
      state: 'open',
      head: { ref: body.head, repo: state.fullName },
      base: { ref: body.base },
      title: body.title ?? '',
      body: body.body ?? '',
      draft: body.draft ?? false,
      labels: [],
    };
    state.pulls.set(p.number, p);
    return ok(await pullJson(state, p), 201);
  },
};
