import { statusOf, type GitHubClient, type RepoRef } from './github-client.js';

/** The contents API's raw media type, as GitHub's REST description names it. */
export const RAW_MEDIA_TYPE = 'application/vnd.github.raw+json';

/**
 * A text file at a commit, or undefined when it does not exist: one request with the raw media type the REST
 * description documents for the contents API (`application/vnd.github.raw+json`), files up to 100 MB.
 */
export async function readText(
  gh: GitHubClient,
  repo: RepoRef,
  path: string,
  ref?: string,
): Promise<string | undefined> {
  try {
    const { data } = await gh.request('GET /repos/{owner}/{repo}/contents/{path}', {
      ...repo,
      path,
      ...(ref !== undefined ? { ref } : {}),
      headers: { accept: RAW_MEDIA_TYPE },
    });
    return typeof data === 'string' ? data : JSON.stringify(data);
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}
