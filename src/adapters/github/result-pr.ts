import { NO_RETRY, isAmbiguousFailure, statusOf, type GitHubClient, type RepoRef } from './github-client.js';
import { runBranch } from './ledger-layout.js';

export interface ResultPrSpec {
  readonly runId: string;
  /** The branch the result is proposed into: the PR's head branch, or the default branch for an issue. */
  readonly base: string;
  readonly title: string;
  readonly body: string;
  readonly draft: boolean;
  readonly labels: readonly string[];
}

export type ResultPr =
  { status: 'opened' | 'existing'; number: number; url: string } | { status: 'no_changes' };

/**
 * Opens the result PR from `uet/run/<run_id>`, labelled, never merged. An existing PR from that branch is
 * returned instead of a second one (looked up first, and again after a create whose answer was lost).
 */
export async function openResultPr(gh: GitHubClient, repo: RepoRef, spec: ResultPrSpec): Promise<ResultPr> {
  const head = runBranch(spec.runId);
  const find = async () => {
    const { data } = await gh.request('GET /repos/{owner}/{repo}/pulls', {
      ...repo,
      head: `${repo.owner}:${head}`,
      state: 'all',
      per_page: 10,
    });
    return data[0];
  };
  const existing = await find();
  if (existing) return { status: 'existing', number: existing.number, url: existing.html_url };
  let pr: { number: number; html_url: string };
  try {
    pr = (
      await gh.request('POST /repos/{owner}/{repo}/pulls', {
        ...repo,
        head,
        base: spec.base,
        title: spec.title,
        body: spec.body,
        draft: spec.draft,
        ...NO_RETRY,
      })
    ).data;
  } catch (error) {
    if (statusOf(error) === 422 && /no commits between/i.test(String((error as Error).message)))
      return { status: 'no_changes' };
    if (!isAmbiguousFailure(error)) throw error;
    const again = await find();
    if (!again) throw error;
    return { status: 'existing', number: again.number, url: again.html_url };
  }
  if (spec.labels.length)
    await gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
      ...repo,
      issue_number: pr.number,
      labels: [...spec.labels],
    });
  return { status: 'opened', number: pr.number, url: pr.html_url };
}
