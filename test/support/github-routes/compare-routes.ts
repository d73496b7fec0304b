import { compareJson } from './compare-json.js';
import { fail, ok, type GitHubRoute } from './github-route.js';
import type { GitHubState } from './github-state.js';
import { paginate } from './paginate.js';

/** Compare, read through the harness's git storage. */
export const compareRoutes: Record<string, GitHubRoute<GitHubState>> = {
  'GET /repos/{owner}/{repo}/compare/{basehead}': async (req) => {
    const { params, state, query, limits } = req;
    const [baseName, headName] = params.basehead!.split('...') as [string, string];
    const base = await state.git.resolve(baseName);
    const head = headName !== undefined ? await state.git.resolve(headName) : undefined;
    if (!base || !head) return fail(404, 'Not Found');
    const c = await state.git.compare(base, head);
    // The description's caps: files "up to 300 changed files for the entire comparison", on the first page only;
    // without paging parameters the last 250 commits (the last one is the head), with them one page of commits.
    const files = [...c.files]
      .sort((a, b) => (a.filename < b.filename ? -1 : 1))
      .slice(0, limits?.files ?? c.files.length);
    if (!query.has('page') && !query.has('per_page'))
      return ok(
        compareJson({ ...c, commits: c.commits.slice(-(limits?.commits ?? c.commits.length)), files }),
      );
    const { items, headers } = paginate(req, c.commits);
    const first = Number(query.get('page') ?? 1) <= 1;
    return { ...ok(compareJson({ ...c, commits: items, files: first ? files : [] })), headers };
  },
};
