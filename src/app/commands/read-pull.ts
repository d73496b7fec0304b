import type { AppConfig } from '../config/app-config.js';
import type { RepoScope } from '../scope/repo-scope.js';

export interface PullInfo {
  readonly number: number;
  readonly headSha: string;
  readonly headRef: string;
  readonly baseRef: string;
  readonly fork: boolean;
  readonly open: boolean;
}

/** A pull request's head (the commit trust is pinned to), base, and whether it comes from a fork: one read. */
export async function readPull(scope: RepoScope, number: number): Promise<PullInfo> {
  const { data } = await scope.gh.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
    ...scope.repo,
    pull_number: number,
  });
  return {
    number,
    headSha: data.head.sha,
    headRef: data.head.ref,
    baseRef: data.base.ref,
    fork: data.head.repo?.full_name !== scope.fullName,
    open: data.state === 'open',
  };
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
    return "this pull request comes from a fork, and this repository does not allow UET runs on forks (`allow_forks: true` in `.github/uet.yml` on the default branch enables them; execute jobs then run the fork's code with read-only tokens).";
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
