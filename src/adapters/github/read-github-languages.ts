import type { GitHubClient, RepoRef } from './github-client.js';

/**
 * GitHub's own language breakdown of the default branch (`GET /repos/{owner}/{repo}/languages`: bytes per
 * language, computed by Linguist on GitHub's side with the .gitattributes overrides and the file contents). It is
 * computed in the background after a push, so a new repository may have none yet: an empty object.
 */
export async function readGitHubLanguages(gh: GitHubClient, repo: RepoRef): Promise<Record<string, number>> {
  const { data } = await gh.request('GET /repos/{owner}/{repo}/languages', { ...repo });
  return data;
}
