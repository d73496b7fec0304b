import { forkRunRef } from '../../core/run/index.js';
import type { AppConfig } from '../config/app-config.js';
import type { RepoScope } from '../scope/repo-scope.js';

export interface PullInfo {
  readonly number: number;
  readonly headSha: string;
  readonly headRef: string;
  readonly baseRef: string;
  /** The head is a fork's, or a UET run branch whose run worked on a fork's code (its result PR). */
  readonly fork: boolean;
  /** The head branch is in this repository (a fork's is not, even when `fork` is set for a derived result). */
  readonly headInRepo: boolean;
  readonly open: boolean;
}

const RUN_BRANCH = /^uet\/run\/([0-9A-HJKMNP-TV-Z]{26})$/;

/**
 * A pull request's head (the commit trust is pinned to), base, and whether its code comes from a fork: one read,
 * and one more when the head is a UET run branch (the result PR of an approved fork run is still fork code: its
 * run's ref `refs/uet/fork-runs/<run_id>` says so).
 */
export async function readPull(scope: RepoScope, number: number): Promise<PullInfo> {
  const { data } = await scope.gh.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
    ...scope.repo,
    pull_number: number,
  });
  const sameRepo = data.head.repo?.full_name === scope.fullName;
  return {
    number,
    headSha: data.head.sha,
    headRef: data.head.ref,
    baseRef: data.base.ref,
    fork: !sameRepo || (await fromForkRun(scope, data.head.ref)),
    headInRepo: sameRepo,
    open: data.state === 'open',
  };
}

/** Whether a branch of this repository is the run branch of a fork run (an approved fork result). */
async function fromForkRun(scope: RepoScope, ref: string): Promise<boolean> {
  const runId = RUN_BRANCH.exec(ref)?.[1];
  if (runId === undefined) return false;
  const { data } = await scope.gh.request('GET /repos/{owner}/{repo}/git/matching-refs/{ref}', {
    ...scope.repo,
    ref: `uet/fork-runs/${runId}`,
  });
  return data.some((r) => r.ref === forkRunRef(runId));
}

/**
 * Why a pull request may not be run, or undefined: a fork without `allow_forks`, or a head that changes
 * `.github/workflows/**` (the app has no workflows permission, so GitHub would refuse the run branch's pushes; and
 * a run must never execute workflow changes it was not asked to review). Reads the PR's files (one read per 100).
 */
export async function refusePull(
  scope: RepoScope,
  pull: PullInfo,
  config: AppConfig,
): Promise<string | undefined> {
  if (!pull.open) return 'this pull request is closed.';
  if (pull.fork && !config.allow_forks) {
    return "this pull request's code comes from a fork, and this repository does not allow UET runs on forks (`allow_forks: true` in `.github/uet.yml` on the default branch enables them: the fork's code then runs with no secret and no write token, the bundle comes from the default branch, and the result reaches a branch only when a writer approves its exact commit).";
  }
  const workflows: string[] = [];
  for (let page = 1; page <= 30; page++) {
    const { data } = await scope.gh.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', {
      ...scope.repo,
      pull_number: pull.number,
      per_page: 100,
      page,
    });
    for (const f of data) {
      for (const path of [f.filename, f.previous_filename])
        if (path?.startsWith('.github/workflows/')) workflows.push(path);
    }
    if (data.length < 100) break;
  }
  if (workflows.length) {
    return `this pull request changes GitHub workflows (${workflows
      .slice(0, 5)
      .map((p) => `\`${p}\``)
      .join(
        ', ',
      )}). UET does not hold the \`workflows\` permission, so it cannot push a run branch with them, and it will not run on workflow changes: run it on a pull request without them.`;
  }
  return undefined;
}
