import { NO_RETRY, isAmbiguousFailure, statusOf, type GitHubClient, type RepoRef } from './github-client.js';

/**
 * Creates `refs/<ref>` at `sha` unless it exists: an atomic claim, since GitHub refuses (422) a second create.
 * 'created' when this call made it, 'exists' when it was already there (pointing at `existing`). A create whose
 * answer was lost is checked by reading the ref: if it points at our `sha`, it was ours; if it does not exist, the
 * create is sent again (up to `tries` in all).
 */
export async function createRefOnce(
  gh: GitHubClient,
  repo: RepoRef,
  ref: string,
  sha: string,
  tries = 3,
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
      if (statusOf(readError) !== 404) throw readError;
      if (!isAmbiguousFailure(error) || tries <= 1) throw error;
      // The ref does not exist, so the create whose answer was lost did not happen: send it again.
      return createRefOnce(gh, repo, ref, sha, tries - 1);
    }
    if (existing === sha && isAmbiguousFailure(error)) return { status: 'created' };
    return { status: 'exists', existing };
  }
}

/** Deletes `refs/<ref>` (one write); a ref already gone is fine. */
export async function deleteRef(gh: GitHubClient, repo: RepoRef, ref: string): Promise<void> {
  try {
    await gh.request('DELETE /repos/{owner}/{repo}/git/refs/{ref}', { ...repo, ref });
  } catch (error) {
    const status = statusOf(error);
    if (status !== 404 && status !== 422) throw error;
  }
}
