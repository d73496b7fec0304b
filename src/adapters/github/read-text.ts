import { statusOf, type GitHubClient, type RepoRef } from './github-client.js';

/** A text file at a commit, or undefined when it does not exist (the raw media type: one request, up to 100 MB). */
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
      mediaType: { format: 'raw' },
    });
    return typeof data === 'string' ? data : JSON.stringify(data);
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}
