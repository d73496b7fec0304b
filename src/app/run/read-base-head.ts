import type { RepoScope } from '../scope/repo-scope.js';

/**
 * Where a run's base ref is now (one read): a branch (`refs/heads/<b>`), or a pull request's head
 * (`refs/pull/<n>/head`, a fork's). Undefined when it is gone.
 */
export async function readBaseHead(scope: RepoScope, ref: string): Promise<string | undefined> {
  try {
    const pull = /^refs\/pull\/(\d+)\/head$/.exec(ref);
    if (pull) {
      const { data } = await scope.gh.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...scope.repo, pull_number: Number(pull[1]) });
      return data.head.sha;
    }
    const { data } = await scope.gh.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { ...scope.repo, ref: ref.replace(/^refs\//, '') });
    return data.object.sha;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}
