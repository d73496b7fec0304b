import { emptyLockTable, parseLockTable, renderLockTable, type LockTable } from '../../core/lock/index.js';
import type { LockStore } from '../lock/lock-store.js';
import { statusOf, type GitHubClient, type RepoRef } from './github-client.js';

/**
 * The lock table of a base branch on GitHub (ADR 0024): `refs/uet/locks/<base>` (the branch name URI-encoded, so
 * that `a` and `a/b` never collide as refs) points at a commit whose message is the table. A write is a new commit
 * on the one read and a non-forced ref update, which GitHub refuses (422) unless the ref is still there: the same
 * compare-and-swap as the run ledger. A read is two requests, a write two (three the first time).
 */
export const lockRef = (base: string) => `uet/locks/${encodeURIComponent(base)}`;

const HEADER = 'uet: lock table\n\n';

export function createGitHubLockStore(gh: GitHubClient, repo: RepoRef, base: string): LockStore {
  const ref = lockRef(base);
  let tree: string | undefined; // the (constant) tree of the table's commits, once known
  return {
    where: `refs/${ref}`,
    async read() {
      let sha: string;
      try {
        sha = (await gh.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { ...repo, ref })).data.object.sha;
      } catch (error) {
        if (statusOf(error) === 404) return { table: emptyLockTable(base), version: null };
        throw error;
      }
      const commit = await gh.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', { ...repo, commit_sha: sha });
      tree = commit.data.tree.sha;
      const message = commit.data.message;
      const parsed = message.startsWith(HEADER) ? parseLockTable(message.slice(HEADER.length), base) : { ok: false as const, error: 'its commit is not a UET lock table' };
      return parsed.ok ? { table: parsed.table, version: sha } : { table: emptyLockTable(base), version: sha, foreign: parsed.error };
    },
    async write(table: LockTable, version: string | null) {
      tree ??= (
        await gh.request('POST /repos/{owner}/{repo}/git/trees', {
          ...repo,
          tree: [{ path: 'README', mode: '100644', type: 'blob', content: 'The lock table of a base branch is the message of this commit (UET, ADR 0024).\n' }],
        })
      ).data.sha;
      const commit = await gh.request('POST /repos/{owner}/{repo}/git/commits', {
        ...repo,
        message: HEADER + renderLockTable(table),
        tree,
        parents: version ? [version] : [],
      });
      const sha = commit.data.sha;
      try {
        if (version === null) await gh.request('POST /repos/{owner}/{repo}/git/refs', { ...repo, ref: `refs/${ref}`, sha, request: { retries: 0 } });
        else await gh.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', { ...repo, ref, sha, force: false });
        return true;
      } catch (error) {
        if (statusOf(error) !== 422) throw error;
        // A retried update that had in fact landed looks like a conflict: look where the ref is.
        const now = await gh.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { ...repo, ref }).catch(() => undefined);
        return now?.data.object.sha === sha;
      }
    },
  };
}
