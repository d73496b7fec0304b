import type { PullFacts } from '../../core/run/index.js';
import type { RepoScope } from '../scope/repo-scope.js';

/** A pull request's `mergeable` and its reviews, oldest first (one read each; reviews up to 100 per page). */
export async function readPullFacts(scope: RepoScope, pullNumber: number): Promise<PullFacts> {
  const { data } = await scope.gh.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...scope.repo, pull_number: pullNumber });
  const reviews = await scope.gh.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { ...scope.repo, pull_number: pullNumber, per_page: 100 });
  return { mergeable: data.mergeable, reviews: reviews.map((r) => ({ user: r.user?.login ?? '', state: r.state })) };
}
