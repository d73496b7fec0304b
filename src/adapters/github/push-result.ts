import { statusOf, type GitHubClient, type RepoRef } from './github-client.js';

export type Pushed =
  | { status: 'pushed'; sha: string }
  /** The branch is already at the result (a repeated finish). */
  | { status: 'already'; sha: string }
  /** The branch is not where the run started: nothing was pushed. */
  | { status: 'moved'; now: string | undefined };

/**
 * Moves a branch from `from` to `to` as a fast-forward, or not at all: the branch is read first and must be at
 * `from` (a push between the command and now means someone else's commits are there: never overwritten), then
 * updated with `force: false`, which GitHub refuses unless `to` descends from the branch's head at that moment. One
 * read and one write.
 */
export async function pushFastForward(
  gh: GitHubClient,
  repo: RepoRef,
  branch: string,
  from: string,
  to: string,
): Promise<Pushed> {
  let now: string | undefined;
  try {
    now = (await gh.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { ...repo, ref: `heads/${branch}` })).data
      .object.sha;
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  if (now === to) return { status: 'already', sha: to };
  if (now !== from) return { status: 'moved', now };
  try {
    await gh.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
      ...repo,
      ref: `heads/${branch}`,
      sha: to,
      force: false,
    });
  } catch (error) {
    if (statusOf(error) === 422) return { status: 'moved', now: undefined };
    throw error;
  }
  return { status: 'pushed', sha: to };
}
