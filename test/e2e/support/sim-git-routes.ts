import { fail, ok, type GitHubRoute } from '../../support/github-routes/index.js';
import type { BareRepo } from './bare-repo.js';
import type { SimState } from './sim-state.js';

const VALID_REF = /^refs\/(?!.*(?:\.\.|\/\/|@\{|[~^:?*[\\\s]|\.lock(?:\/|$)|\/$|\.$))[\x21-\x7e]+$/;

const refJson = (api: string, full: string, ref: string, sha: string) => ({
  ref,
  node_id: 'REF_node',
  url: `${api}/repos/${full}/git/${ref}`,
  object: { sha, type: 'commit', url: `${api}/repos/${full}/git/commits/${sha}` },
});

async function commitJson(git: BareRepo, api: string, full: string, sha: string) {
  const c = (await git.readCommit(sha))!;
  const person = { name: 'GitHub', email: 'noreply@github.com', date: '2026-01-01T00:00:00Z' };
  return {
    sha,
    node_id: 'C_node',
    url: `${api}/repos/${full}/git/commits/${sha}`,
    html_url: `https://github.com/${full}/commit/${sha}`,
    author: person,
    committer: person,
    tree: { sha: c.tree, url: `${api}/repos/${full}/git/trees/${c.tree}` },
    message: c.message,
    parents: c.parents.map((p) => ({ sha: p, url: '', html_url: '' })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

/** Git data, refs and contents, served from the real bare repository. */
export const simGitRoutes: Record<string, GitHubRoute<SimState>> = {
  // A branch's updates, newest first, from the bare repository's reflog (pushes over file:// included).
  'GET /repos/{owner}/{repo}/activity': async ({ query, state }) => {
    const ref = (query.get('ref') ?? '').replace(/^refs\/heads\//, '');
    const list = ref ? await state.git.refActivity(ref) : [];
    return ok(
      list.slice(0, Number(query.get('per_page') ?? 30)).map((a, i) => ({
        id: i + 1,
        node_id: 'RA_node',
        ref: `refs/heads/${ref}`,
        ...a,
        activity_type: /^0+$/.test(a.before) ? 'branch_creation' : 'push',
        actor: { login: 'wendy', id: 1, type: 'User' },
      })),
    );
  },
  'POST /repos/{owner}/{repo}/git/blobs': async ({ body, state, api }) => {
    const content =
      body.encoding === 'base64' ? Buffer.from(body.content, 'base64').toString('utf8') : body.content;
    const sha = await state.git.hashBlob(content);
    return ok({ sha, url: `${api}/repos/${state.fullName}/git/blobs/${sha}` }, 201);
  },
  'POST /repos/{owner}/{repo}/git/trees': async ({ body, state, api }) => {
    if (body.base_tree && (await state.git.typeOf(body.base_tree)) !== 'tree')
      return fail(422, 'base_tree is not a valid tree');
    for (const e of body.tree as { sha?: string | null }[])
      if (typeof e.sha === 'string' && (await state.git.typeOf(e.sha)) === undefined)
        return fail(422, `tree.sha ${e.sha} is not a valid blob`);
    const sha = await state.git.writeTree(body.base_tree, body.tree);
    const entries = await state.git.listTree(sha);
    return ok(
      {
        sha,
        url: `${api}/repos/${state.fullName}/git/trees/${sha}`,
        tree: entries.map((e) => ({ ...e, url: '' })),
        truncated: false,
      },
      201,
    );
  },
  'POST /repos/{owner}/{repo}/git/commits': async ({ body, state, api }) => {
    if ((await state.git.typeOf(body.tree)) !== 'tree') return fail(422, 'Tree SHA does not exist');
    for (const p of body.parents ?? [])
      if ((await state.git.typeOf(p)) !== 'commit')
        return fail(422, 'Parent SHA does not exist or is not a commit object');
    const sha = await state.git.commitTree(body.tree, body.parents ?? [], body.message);
    return ok(await commitJson(state.git, api, state.fullName, sha), 201);
  },
  'GET /repos/{owner}/{repo}/git/commits/{commit_sha}': async ({ params, state, api }) =>
    (await state.git.typeOf(params.commit_sha!)) === 'commit'
      ? ok(await commitJson(state.git, api, state.fullName, params.commit_sha!))
      : fail(404, 'Not Found'),
  'POST /repos/{owner}/{repo}/git/refs': async ({ body, state, api }) => {
    if (!VALID_REF.test(body.ref) || body.ref.split('/').length < 3)
      return fail(422, `${body.ref} is not a valid ref name.`);
    if ((await state.git.typeOf(body.sha)) !== 'commit') return fail(422, 'Object does not exist');
    if (!(await state.git.createRef(body.ref, body.sha))) return fail(422, 'Reference already exists');
    return ok(refJson(api, state.fullName, body.ref, body.sha), 201);
  },
  'GET /repos/{owner}/{repo}/git/ref/{ref}': async ({ params, state, api }) => {
    const sha = await state.git.refSha(`refs/${params.ref}`);
    return sha ? ok(refJson(api, state.fullName, `refs/${params.ref}`, sha)) : fail(404, 'Not Found');
  },
  'GET /repos/{owner}/{repo}/git/matching-refs/{ref}': async ({ params, state, api }) =>
    ok((await state.git.refs(`refs/${params.ref}`)).map(([r, sha]) => refJson(api, state.fullName, r, sha))),
  'PATCH /repos/{owner}/{repo}/git/refs/{ref}': async ({ params, body, state, api }) => {
    const name = `refs/${params.ref}`;
    const current = await state.git.refSha(name);
    if (!current) return fail(422, 'Reference does not exist');
    if ((await state.git.typeOf(body.sha)) !== 'commit') return fail(422, 'Object does not exist');
    if (body.force !== true && !(await state.git.isAncestor(current, body.sha)))
      return fail(422, 'Update is not a fast forward');
    if (!(await state.git.swapRef(name, body.sha, current))) return fail(422, 'Update is not a fast forward');
    return ok(refJson(api, state.fullName, name, body.sha));
  },
  'DELETE /repos/{owner}/{repo}/git/refs/{ref}': async ({ params, state }) =>
    (await state.git.deleteRef(`refs/${params.ref}`))
      ? { status: 204 }
      : fail(422, 'Reference does not exist'),
  'GET /repos/{owner}/{repo}/contents/{path}': async ({ params, query, headers, state, api }) => {
    const sha = await state.git.resolve(query.get('ref') ?? state.defaultBranch);
    const text = sha ? await state.git.readFile(sha, params.path!) : undefined;
    if (text === undefined) return fail(404, 'Not Found');
    if ((headers.accept ?? '').includes('.raw'))
      return {
        status: 200,
        body: text,
        headers: { 'content-type': 'application/vnd.github.raw; charset=utf-8' },
      };
    const name = params.path!.split('/').pop()!;
    return ok({
      type: 'file',
      encoding: 'base64',
      size: Buffer.byteLength(text),
      name,
      path: params.path,
      content: Buffer.from(text).toString('base64'),
      sha: await state.git.hashBlob(text),
      url: `${api}/repos/${state.fullName}/contents/${params.path}`,
      git_url: null,
      html_url: null,
      download_url: null,
      _links: { self: '', git: null, html: null },
    });
  },
};
