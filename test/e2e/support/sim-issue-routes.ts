import { fail, ok, user, type SimRoute } from './sim-route.js';
import type { SimComment, SimPull, SimState } from './sim-state.js';

const commentJson = (s: SimState, c: SimComment) => ({
  id: c.id,
  node_id: 'IC_node',
  body: c.body,
  user: user(c.user),
  html_url: `${s.htmlUrl}/issues/${c.issue}#issuecomment-${c.id}`,
  performed_via_github_app: c.user === `${s.appSlug}[bot]` ? { id: s.appId, slug: s.appSlug } : null,
});

async function pullJson(s: SimState, p: SimPull) {
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
  };
}

const fileJson = (filename: string, status = 'modified', additions = 1, deletions = 0) => ({
  filename,
  status,
  additions,
  deletions,
  changes: additions + deletions,
  sha: '',
  blob_url: '',
  raw_url: '',
  contents_url: '',
});

/** Collaborator permissions, comments, reactions, labels and pull requests. */
export const simIssueRoutes: Record<string, SimRoute> = {
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
      user: `${state.appSlug}[bot]`,
      edits: 0,
    };
    state.comments.push(c);
    return ok(commentJson(state, c), 201);
  },
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': ({ params, query, state }) => {
    const page = Number(query.get('page') ?? 1);
    const per = Number(query.get('per_page') ?? 30);
    const all = state.comments.filter((c) => c.issue === Number(params.issue_number));
    return ok(all.slice((page - 1) * per, page * per).map((c) => commentJson(state, c)));
  },
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': ({ params, body, state }) => {
    const c = state.comments.find((x) => x.id === Number(params.comment_id));
    if (!c) return fail(404, 'Not Found');
    c.body = body.body;
    c.edits += 1;
    return ok(commentJson(state, c));
  },
  'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions': ({ params, body, state }) => {
    const subject = `comment-${params.comment_id}`;
    const seen = state.reactions.some((r) => r.subject === subject && r.content === body.content);
    if (!seen) state.reactions.push({ subject, content: body.content });
    return ok(
      { id: state.id(), content: body.content, user: user(`${state.appSlug}[bot]`) },
      seen ? 200 : 201,
    );
  },
  'POST /repos/{owner}/{repo}/issues/{issue_number}/reactions': ({ params, body, state }) => {
    const subject = `issue-${params.issue_number}`;
    const seen = state.reactions.some((r) => r.subject === subject && r.content === body.content);
    if (!seen) state.reactions.push({ subject, content: body.content });
    return ok(
      { id: state.id(), content: body.content, user: user(`${state.appSlug}[bot]`) },
      seen ? 200 : 201,
    );
  },
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
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': async ({ params, query, state }) => {
    const p = state.pulls.get(Number(params.pull_number));
    if (!p) return fail(404, 'Not Found');
    const head = await state.pullHead(p);
    const files = p.files
      ? p.files.map((f) => fileJson(f))
      : (await state.git.compare(p.base.ref, head!)).files.map((f) =>
          fileJson(f.filename, f.status, f.additions, f.deletions),
        );
    const page = Number(query.get('page') ?? 1);
    const per = Number(query.get('per_page') ?? 30);
    return ok(files.slice((page - 1) * per, page * per));
  },
  'GET /repos/{owner}/{repo}/pulls': async ({ query, state }) => {
    const [owner, ref] = (query.get('head') ?? ':').split(':') as [string, string];
    const wanted = query.get('state') ?? 'open';
    const list = [...state.pulls.values()].filter(
      (p) =>
        p.head.ref === ref &&
        p.head.repo === `${owner}/${state.name}` &&
        (wanted === 'all' || p.state === wanted),
    );
    return ok(await Promise.all(list.map((p) => pullJson(state, p))));
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
    const p: SimPull = {
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
