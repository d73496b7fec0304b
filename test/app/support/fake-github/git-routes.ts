import { fail, ok, type GitHubRoute } from '../../../support/github-routes/index.js';
import type { FakeState } from './fake-state.js';

const commitJson = (s: FakeState, sha: string) => {
  const c = s.commits.get(sha)!;
  return {
    sha,
    tree: { sha: c.tree },
    message: c.message,
    parents: c.parents.map((p) => ({ sha: p })),
    author: { name: 'uet', email: 'uet@example.com', date: '2026-01-01T00:00:00Z' },
  };
};
const refJson = (ref: string, sha: string) => ({
  ref,
  node_id: 'REF',
  url: `https://api.github.com/x/${ref}`,
  object: { sha, type: 'commit', url: 'https://api.github.com/x' },
});

/** Git data, refs and contents: enough of GitHub's git model for the ledger, claims and run branches. */
export const gitRoutes: Record<string, GitHubRoute<FakeState>> = {
  'POST /repos/{owner}/{repo}/git/trees': ({ body, state }) => {
    const base = body.base_tree ? state.trees.get(body.base_tree) : new Map<string, string>();
    if (!base) return fail(422, 'base_tree is not a tree');
    const files = new Map(base);
    for (const e of body.tree as { path: string; content?: string; sha?: string | null }[]) {
      if (e.sha === null) files.delete(e.path);
      else files.set(e.path, e.content ?? '');
    }
    const sha = state.writeTree(files);
    return ok(
      {
        sha,
        url: 'https://api.github.com/x',
        tree: [...files.keys()].map((path) => ({ path, mode: '100644', type: 'blob' })),
        truncated: false,
      },
      201,
    );
  },
  'POST /repos/{owner}/{repo}/git/commits': ({ body, state }) => {
    if (!state.trees.has(body.tree)) return fail(422, 'Tree SHA does not exist');
    for (const p of body.parents ?? [])
      if (!state.commits.has(p)) return fail(422, 'Parent SHA does not exist or is not a commit object');
    return ok(commitJson(state, state.writeCommit(body.tree, body.parents ?? [], body.message)), 201);
  },
  'GET /repos/{owner}/{repo}/git/commits/{commit_sha}': ({ params, state }) =>
    state.commits.has(params.commit_sha!)
      ? ok(commitJson(state, params.commit_sha!))
      : fail(404, 'Not Found'),
  'POST /repos/{owner}/{repo}/git/refs': ({ body, state }) => {
    if (!/^refs\/.+/.test(body.ref) || body.ref.includes(':') || body.ref.includes('..'))
      return fail(422, `${body.ref} is not a valid ref name.`);
    if (state.refs.has(body.ref)) return fail(422, 'Reference already exists');
    if (!state.commits.has(body.sha)) return fail(422, 'Object does not exist');
    state.refs.set(body.ref, body.sha);
    return ok(refJson(body.ref, body.sha), 201);
  },
  'GET /repos/{owner}/{repo}/git/ref/{ref}': ({ params, state }) => {
    const sha = state.refs.get(`refs/${params.ref}`);
    return sha ? ok(refJson(`refs/${params.ref}`, sha)) : fail(404, 'Not Found');
  },
  'GET /repos/{owner}/{repo}/git/matching-refs/{ref}': ({ params, state }) =>
    ok(
      [...state.refs]
        .filter(([r]) => r.startsWith(`refs/${params.ref}`))
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([r, sha]) => refJson(r, sha)),
    ),
  'PATCH /repos/{owner}/{repo}/git/refs/{ref}': ({ params, body, state }) => {
    const name = `refs/${params.ref}`;
    const current = state.refs.get(name);
    if (!current) return fail(422, 'Reference does not exist');
    if (!state.commits.has(body.sha)) return fail(422, 'Object does not exist');
    if (body.force !== true && current !== body.sha && !state.commitsBetween('', body.sha).includes(current))
      return fail(422, 'Update is not a fast forward');
    state.refs.set(name, body.sha);
    return ok(refJson(name, body.sha));
  },
  'DELETE /repos/{owner}/{repo}/git/refs/{ref}': ({ params, state }) =>
    state.refs.delete(`refs/${params.ref}`) ? { status: 204 } : fail(422, 'Reference does not exist'),
  // Newest first (direction desc, the default), narrowed to a ref (`refs/heads/x` or `x`) and an activity type.
  'GET /repos/{owner}/{repo}/activity': ({ query, state }) => {
    const ref = query.get('ref');
    const type = query.get('activity_type');
    const list = state.activity
      .filter((a) => (!ref || a.ref === ref || a.ref === `refs/heads/${ref}`) && (!type || a.activity_type === type))
      .reverse();
    if (query.get('direction') === 'asc') list.reverse();
    return ok(
      list.slice(0, Number(query.get('per_page') ?? 30)).map((a) => ({
        ...a,
        node_id: 'RA_node',
        actor: { login: 'wendy', id: 1, type: 'User' },
      })),
    );
  },
  'GET /repos/{owner}/{repo}/contents/{path}': ({ params, query, headers, state }) => {
    const tree = state.treeOf(query.get('ref'));
    const text = tree?.get(params.path!);
    if (text === undefined) return fail(404, 'Not Found');
    if ((headers.accept ?? '').includes('raw')) return ok(text);
    return ok({
      type: 'file',
      encoding: 'base64',
      content: Buffer.from(text).toString('base64'),
      path: params.path,
      name: params.path!.split('/').pop(),
      sha: 'x',
      size: text.length,
    });
  },
};
