import { fail, ok, type GitHubRoute } from './github-route.js';
import type { GitHubState } from './github-state.js';

/** One level of a git tree, whatever holds the objects (in-memory maps, a real bare repository). */
export interface TreeLevel {
  /** The tree's sha (a commit sha names its tree). */
  readonly sha: string;
  readonly entries: readonly {
    name: string;
    mode: string;
    type: 'blob' | 'tree' | 'commit';
    sha: string;
    size?: number;
  }[];
}

/** What the tree and blob routes read of a repository's objects. */
export interface TreeObjects {
  /** The entries of a tree, by its sha or a commit's sha; undefined for an unknown object. */
  readTree(sha: string): Promise<TreeLevel | undefined>;
  readBlob(sha: string): Promise<Buffer | undefined>;
}

/** What the onboarding routes know of a repository besides git (settable per test). */
export interface RepoExtras {
  /** GitHub's language breakdown (`GET …/languages`); empty until GitHub has computed it. */
  languages: Record<string, number>;
  archived: boolean;
  fork: boolean;
  /**
   * GitHub cuts a recursive tree listing past 100,000 entries or 7 MB and says `truncated: true` (REST docs, "Get a
   * tree": the limit is "when using the recursive parameter"); tests lower the entry limit to make small trees
   * truncate.
   */
  treeEntryLimit: number;
}

const extras = new WeakMap<GitHubState, RepoExtras>();

/** The extras of a simulated repository (created with GitHub's defaults on first use). */
export function repoExtras(state: GitHubState): RepoExtras {
  let e = extras.get(state);
  if (!e) extras.set(state, (e = { languages: {}, archived: false, fork: false, treeEntryLimit: 100_000 }));
  return e;
}

/** A branch name or full ref resolved to its commit, as GitHub accepts a ref for `tree_sha`. */
async function resolveTreeish(state: GitHubState, treeish: string): Promise<string> {
  if (/^[0-9a-f]{40}$/.test(treeish)) return treeish;
  return (await state.git.resolve(treeish)) ?? treeish;
}

/**
 * The repository, its languages, trees and blobs, and PR updates: what onboarding reads and writes besides the git
 * writes and pulls every harness serves. `objects` gives each harness's git objects.
 */
export function onboardingRoutes<S extends GitHubState>(
  objects: (state: S) => TreeObjects,
): Record<string, GitHubRoute<S>> {
  return {
    'GET /repos/{owner}/{repo}': ({ params, state, api }) =>
      params.owner !== state.owner || params.repo !== state.name
        ? fail(404, 'Not Found')
        : ok({
            id: 186853002,
            node_id: 'R_node',
            name: state.name,
            full_name: state.fullName,
            private: false,
            fork: repoExtras(state).fork,
            archived: repoExtras(state).archived,
            disabled: false,
            owner: { login: state.owner, id: 1, type: 'Organization' },
            html_url: state.htmlUrl,
            url: `${api}/repos/${state.fullName}`,
            default_branch: state.defaultBranch,
            visibility: 'public',
          }),
    'GET /repos/{owner}/{repo}/languages': ({ state }) => ok(repoExtras(state).languages),
    'GET /repos/{owner}/{repo}/git/trees/{tree_sha}': async ({ params, query, state, api }) => {
      const store = objects(state);
      const root = await store.readTree(await resolveTreeish(state, params.tree_sha!));
      if (!root) return fail(404, 'Not Found');
      const url = (kind: string, sha: string) => `${api}/repos/${state.fullName}/git/${kind}/${sha}`;
      const entry = (prefix: string, e: TreeLevel['entries'][number]) => ({
        path: prefix + e.name,
        mode: e.mode,
        type: e.type,
        sha: e.sha,
        ...(e.type === 'blob'
          ? { size: e.size ?? 0, url: url('blobs', e.sha) }
          : e.type === 'tree'
            ? { url: url('trees', e.sha) }
            : {}),
      });
      // GitHub takes any value of `recursive` as "recursive" (REST docs: even 0 and "false").
      const recursive = query.has('recursive');
      const limit = repoExtras(state).treeEntryLimit;
      const out: ReturnType<typeof entry>[] = [];
      let truncated = false;
      // In git's order (ls-tree -r -t: each directory, then what is in it), cut at the limit.
      const walk = async (prefix: string, level: TreeLevel): Promise<void> => {
        for (const e of level.entries) {
          if (recursive && out.length >= limit) return void (truncated = true);
          out.push(entry(prefix, e));
          if (recursive && e.type === 'tree')
            await walk(`${prefix}${e.name}/`, (await store.readTree(e.sha))!);
        }
      };
      await walk('', root);
      return ok({ sha: root.sha, url: url('trees', root.sha), tree: out, truncated });
    },
    'GET /repos/{owner}/{repo}/git/blobs/{file_sha}': async ({ params, state, api }) => {
      const data = await objects(state).readBlob(params.file_sha!);
      if (!data) return fail(404, 'Not Found');
      return ok({
        sha: params.file_sha,
        node_id: 'B_node',
        size: data.length,
        url: `${api}/repos/${state.fullName}/git/blobs/${params.file_sha}`,
        content: data.toString('base64').replace(/(.{60})/g, '$1\n'),
        encoding: 'base64',
      });
    },
    'PATCH /repos/{owner}/{repo}/pulls/{pull_number}': ({ params, body, state }) => {
      const p = state.pulls.get(Number(params.pull_number));
      if (!p) return fail(404, 'Not Found');
      if (typeof body.title === 'string') p.title = body.title;
      if (typeof body.body === 'string') p.body = body.body;
      if (body.state === 'open' || body.state === 'closed') p.state = body.state;
      return ok({
        number: p.number,
        state: p.state,
        title: p.title,
        body: p.body,
        html_url: `${state.htmlUrl}/pull/${p.number}`,
      });
    },
  };
}
