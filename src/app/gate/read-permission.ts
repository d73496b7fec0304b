import { statusOf } from '../../adapters/github/github-client.js';
import type { RepoScope } from '../scope/repo-scope.js';

export type Permission = 'admin' | 'write' | 'read' | 'none';

/**
 * A user's permission on the repository: `GET /repos/{owner}/{repo}/collaborators/{username}/permission`. GitHub
 * reports maintain as write and triage as read; a non-collaborator (404) has none.
 */
export async function readPermission(scope: RepoScope, username: string): Promise<Permission> {
  try {
    const { data } = await scope.gh.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', {
      ...scope.repo,
      username,
    });
    const p = data.permission;
    return p === 'admin' || p === 'write' || p === 'read' ? p : 'none';
  } catch (error) {
    if (statusOf(error) === 404) return 'none';
    throw error;
  }
}
