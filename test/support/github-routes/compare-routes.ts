import { compareJson } from './compare-json.js';
import { fail, ok, type GitHubRoute } from './github-route.js';
import type { GitHubState } from './github-state.js';

/** Compare, read through the harness's git storage. */
export const compareRoutes: Record<string, GitHubRoute<GitHubState>> = {
  'GET /repos/{owner}/{repo}/compare/{basehead}': async ({ params, state }) => {
    const [baseName, headName] = params.basehead!.split('...') as [string, string];
    const base = await state.git.resolve(baseName);
    const head = headName !== undefined ? await state.git.resolve(headName) : undefined;
    if (!base || !head) return fail(404, 'Not Found');
    return ok(compareJson(await state.git.compare(base, head)));
  },
};
