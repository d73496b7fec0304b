import { createOnce } from './create-once.js';
import { NO_RETRY, statusOf, type GitHubClient, type RepoRef } from './github-client.js';
import { runBranch } from './ledger-layout.js';

export interface ResultPrSpec {
  readonly runId: string;
  /** The branch the result is proposed into: the PR's head branch, or the default branch for an issue. */
  readonly base: string;
  readonly title: string;
  readonly body: string;
  readonly draft: boolean;
  readonly labels: readonly string[];
  /**
   * `false`: no PR from the branch can exist yet (the run's end was recorded by the caller), so it is created without
   * a lookup first; GitHub's 422 for an open PR from the same branch still leads to the lookup.
   */
  readonly lookup?: boolean;
}

export type ResultPr =
  { status: 'opened' | 'existing'; number: number; url: string } | { status: 'no_changes' };

/**
 * Opens the result PR from `uet/run/<run_id>`, labelled, never merged. An existing PR from that branch is
 * returned instead of a second one (looked up first, and again after a create whose answer was lost), and labelled
 * if it is not yet.
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
  const label = async (pr: { number: number; labels?: readonly { name?: string }[] }) => {
    const missing = spec.labels.filter((l) => !(pr.labels ?? []).some((x) => x.name === l));
    if (missing.length)
      await gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', {
        ...repo,
        issue_number: pr.number,
        labels: missing,
      });
  };
  const existing = spec.lookup === false ? undefined : await find();
  if (existing) {
    // A PR opened by an earlier attempt that stopped before labelling it gets its labels now.
    await label(existing);
    return { status: 'existing', number: existing.number, url: existing.html_url };
  }
  let pr: { number: number; html_url: string; labels?: readonly { name?: string }[] };
  try {
    pr = await createOnce<typeof pr>(
      async () =>
        (
          await gh.request('POST /repos/{owner}/{repo}/pulls', {
            ...repo,
            head,
            base: spec.base,
            title: spec.title,
            body: spec.body,
            draft: spec.draft,
            ...NO_RETRY,
          })
        ).data,
      find,
    );
  } catch (error) {
    if (statusOf(error) === 422 && /no commits between/i.test(String((error as Error).message)))
      return { status: 'no_changes' };
    if (spec.lookup === false && statusOf(error) === 422 && /already exists/i.test(String((error as Error).message)))
      return openResultPr(gh, repo, { ...spec, lookup: true });
    throw error;
  }
  await label(pr);
  return { status: 'opened', number: pr.number, url: pr.html_url };
}
