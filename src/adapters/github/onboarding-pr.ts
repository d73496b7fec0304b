import { createOnce } from './create-once.js';
import { createRefOnce } from './create-ref-once.js';
import { NO_RETRY, statusOf, type GitHubClient, type RepoRef } from './github-client.js';

/** The branch of the onboarding pull request; the PR is found by it, in every state. */
export const ONBOARDING_BRANCH = 'uet/onboarding';
/** The trailer that marks UET's onboarding commit (and its format version). */
export const ONBOARDING_TRAILER = 'UET-Onboarding: 1';

export interface FoundOnboardingPr {
  readonly number: number;
  readonly state: 'open' | 'closed';
  readonly merged: boolean;
  readonly url: string;
  readonly title: string;
  readonly body: string;
}

interface PullJson {
  number: number;
  state: string;
  merged_at?: string | null;
  html_url: string;
  title: string;
  body?: string | null;
}

const toFound = (p: PullJson): FoundOnboardingPr => ({
  number: p.number,
  state: p.state === 'open' ? 'open' : 'closed',
  merged: typeof p.merged_at === 'string',
  url: p.html_url,
  title: p.title,
  body: p.body ?? '',
});

/**
 * The onboarding PR: the pull requests from `<owner>:uet/onboarding`, every state, every page (100 a page). An open
 * one wins; otherwise the latest closed one (a closed onboarding PR means "no": none is opened again).
 */
export async function findOnboardingPr(
  gh: GitHubClient,
  repo: RepoRef,
): Promise<FoundOnboardingPr | undefined> {
  const pulls = (await gh.paginate('GET /repos/{owner}/{repo}/pulls', {
    ...repo,
    head: `${repo.owner}:${ONBOARDING_BRANCH}`,
    state: 'all',
    per_page: 100,
  })) as PullJson[];
  const open = pulls.find((p) => p.state === 'open');
  const latest = open ?? [...pulls].sort((a, b) => b.number - a.number)[0];
  return latest ? toFound(latest) : undefined;
}

export interface OnboardingBranch {
  readonly sha: string;
  readonly tree: string;
  readonly parent?: string;
  /** Its head is UET's onboarding commit (the trailer) on one parent: safe to replace. */
  readonly ours: boolean;
}

/** The onboarding branch's head, or undefined when there is no such branch (two reads). */
export async function readOnboardingBranch(
  gh: GitHubClient,
  repo: RepoRef,
): Promise<OnboardingBranch | undefined> {
  let sha: string;
  try {
    sha = (
      await gh.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
        ...repo,
        ref: `heads/${ONBOARDING_BRANCH}`,
      })
    ).data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
  const { data } = await gh.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', {
    ...repo,
    commit_sha: sha,
  });
  const ours =
    data.message.split('\n').some((l) => l.trim() === ONBOARDING_TRAILER) && data.parents.length === 1;
  return { sha, tree: data.tree.sha, ...(data.parents[0] ? { parent: data.parents[0].sha } : {}), ours };
}

/** The tree of `baseTree` with `files` added, their texts inline (one write; git objects are content-addressed). */
export async function writeOnboardingTree(
  gh: GitHubClient,
  repo: RepoRef,
  baseTree: string,
  files: readonly { path: string; text: string }[],
): Promise<string> {
  const { data } = await gh.request('POST /repos/{owner}/{repo}/git/trees', {
    ...repo,
    base_tree: baseTree,
    tree: files.map((f) => ({
      path: f.path,
      mode: '100644' as const,
      type: 'blob' as const,
      content: f.text,
    })),
  });
  return data.sha;
}

/** UET's onboarding commit of `tree` on `parent`, marked with ONBOARDING_TRAILER (one write). */
export async function writeOnboardingCommit(
  gh: GitHubClient,
  repo: RepoRef,
  o: { readonly parent: string; readonly tree: string; readonly message: string },
): Promise<string> {
  const { data } = await gh.request('POST /repos/{owner}/{repo}/git/commits', {
    ...repo,
    message: `${o.message}\n\n${ONBOARDING_TRAILER}\n`,
    tree: o.tree,
    parents: [o.parent],
  });
  return data.sha;
}

/** Creates the onboarding branch at `sha`: 'exists' when another writer made it first. */
export async function createOnboardingBranch(
  gh: GitHubClient,
  repo: RepoRef,
  sha: string,
): Promise<'created' | 'exists'> {
  return (await createRefOnce(gh, repo, `heads/${ONBOARDING_BRANCH}`, sha)).status;
}

/** Moves UET's own onboarding branch to a regenerated commit (a forced update: the old head is UET's commit). */
export async function moveOnboardingBranch(gh: GitHubClient, repo: RepoRef, sha: string): Promise<void> {
  await gh.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
    ...repo,
    ref: `heads/${ONBOARDING_BRANCH}`,
    sha,
    force: true,
  });
}

/**
 * Opens the onboarding PR into `base`. A create whose answer was lost is looked up by the branch before being sent
 * again, and GitHub's "a pull request already exists" (another replica was first) gives that PR: never two.
 */
export async function openOnboardingPr(
  gh: GitHubClient,
  repo: RepoRef,
  o: { readonly base: string; readonly title: string; readonly body: string },
): Promise<FoundOnboardingPr> {
  const lookup = async () => {
    const found = await findOnboardingPr(gh, repo);
    return found?.state === 'open' ? found : undefined;
  };
  try {
    return await createOnce(
      async () =>
        toFound(
          (
            await gh.request('POST /repos/{owner}/{repo}/pulls', {
              ...repo,
              head: ONBOARDING_BRANCH,
              base: o.base,
              title: o.title,
              body: o.body,
              ...NO_RETRY,
            })
          ).data,
        ),
      lookup,
    );
  } catch (error) {
    const existing =
      statusOf(error) === 422 && /already exists/i.test(String((error as Error).message))
        ? await lookup()
        : undefined;
    if (existing) return existing;
    throw error;
  }
}

/** Rewrites the onboarding PR's title and body (one write). */
export async function updateOnboardingPr(
  gh: GitHubClient,
  repo: RepoRef,
  number: number,
  o: { readonly title: string; readonly body: string },
): Promise<void> {
  await gh.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
    ...repo,
    pull_number: number,
    title: o.title,
    body: o.body,
  });
}
