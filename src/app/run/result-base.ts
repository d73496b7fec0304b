import type { RunState } from '../../core/run/index.js';
import type { RepoScope } from '../scope/repo-scope.js';

/**
 * The branch a run's result PR goes into: the pull request's head branch when the run came from a pull request
 * of this repository, its base branch for a fork (a PR can only target a branch of the base repository), and the
 * default branch for an issue.
 */
export async function resultBase(scope: RepoScope, state: RunState): Promise<string> {
  const ref = state.origin.ref ?? '';
  if (ref.startsWith('refs/heads/')) return ref.slice('refs/heads/'.length);
  if (state.origin.pr_number !== undefined) {
    const { data } = await scope.gh.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
      ...scope.repo,
      pull_number: state.origin.pr_number,
    });
    return data.base.ref;
  }
  return scope.defaultBranch;
}
