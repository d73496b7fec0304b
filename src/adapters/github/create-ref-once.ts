import { NO_RETRY, isAmbiguousFailure, statusOf, type GitHubClient, type RepoRef } from './github-client.js';

/**
 * Creates `refs/<ref>` at `sha` unless it exists: an atomic claim, since GitHub refuses (422) a second create.
 * 'created' when this call made it, 'exists' when it was already there (pointing at `existing`). A create whose
 * answer was lost is checked by reading the ref: if it points at our `sha`, it was ours.
 */
export async function createRefOnce(
  gh: GitHubClient,
  repo: RepoRef,
  ref: string,
  sha: string,
): Promise<{ status: 'created' } | { status: 'exists'; existing: string }> {
  try {
    await gh.request('POST /repos/{owner}/{repo}/git/refs', {
      ...repo,
      ref: `refs/${ref}`,
      sha,
      ...NO_RETRY,
    });
    return { status: 'created' };
  } catch (error) {
    if (statusOf(error) !== 422 && !isAmbiguousFailure(error)) throw error;
    let existing: string;
    try {
      existing = (await gh.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { ...repo, ref })).data.object
        .sha;
    } catch (readError) {
      if (statusOf(readError) === 404) throw error;
      throw readError;
    }
    if (existing === sha && isAmbiguousFailure(error)) return { status: 'created' };
    return { status: 'exists', existing };
  }
}
