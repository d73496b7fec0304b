import type { GitHubClient, RepoRef } from '../../adapters/github/github-client.js';
import { createRequestBudget } from '../../adapters/github/request-budget.js';
import type { ChangedFile, PolicyFinding } from './check-result-policy.js';
import { readResultChanges } from './read-result-changes.js';

/** Requests the re-check of one result may make: trees walked where GitHub truncates, and symlink targets. */
export const RESULT_CHECK_REQUESTS = 200;

export interface ResultFiles {
  readonly files: readonly ChangedFile[];
  /** Findings for what could not be read within the budget: a result not proven clean is not proposed. */
  readonly unchecked: readonly PolicyFinding[];
}

/**
 * The files a run's result changes (`head` against the pinned commit `base`), read from git trees, each with its mode
 * and, for a symlink, its target (`GET …/git/blobs/{sha}`): what checkResultPolicy judges.
 */
export async function readResultFiles(gh: GitHubClient, repo: RepoRef, base: string, head: string): Promise<ResultFiles> {
  const budget = createRequestBudget(RESULT_CHECK_REQUESTS);
  const read = await readResultChanges(gh, repo, base, head, budget);
  const unchecked: PolicyFinding[] = read.unchecked.map((dir) => ({ path: dir, message: `not checked: the result's tree under ${dir} is larger than ${RESULT_CHECK_REQUESTS} listings` }));
  const files: ChangedFile[] = [];
  for (const c of read.changes) {
    const status = !c.before ? 'added' : !c.after ? 'removed' : 'modified';
    let linkTarget: string | undefined;
    if (c.after?.mode === '120000') {
      if (!budget.take()) {
        unchecked.push({ path: c.path, message: 'not checked: the symlink\'s target could not be read within the request budget' });
        continue;
      }
      const { data } = await gh.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', { ...repo, file_sha: c.after.sha });
      linkTarget = Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
    }
    files.push({ path: c.path, status, ...(c.after ? { mode: c.after.mode } : {}), ...(linkTarget !== undefined ? { linkTarget } : {}) });
  }
  return { files, unchecked };
}
