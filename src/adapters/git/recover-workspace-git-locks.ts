import path from 'node:path';
import type { GitLockRecoveredData } from '../../core/run/events.js';
import { gitCommonDir } from './repo-queries.js';
import { listLockFiles, refLockCandidate, removeStaleLocks } from './remove-stale-locks.js';

/** Where the action fetches the refs it reads (the run branch, the ledger) in a runner's workspace: UET's alone. */
export const FETCHED_REFS = 'refs/uet-fetched/';

/**
 * For the action, before it runs git in a runner's workspace: removes the `.lock` files under refs/uet-fetched/ that
 * a killed job left. A self-hosted runner keeps its workspace, so a job retried there finds them, and every `git
 * fetch` into that ref then fails. They are stale for sure: only the UET action writes those refs, it runs once per
 * job, a runner runs one job at a time and ends a job's processes with the job; a file that changes while it is
 * watched stays anyway (removeStaleLocks). The workspace's own index.lock, HEAD.lock and packed-refs.lock are not
 * UET's (actions/checkout clears index.lock and recreates a repository it cannot reset): they are left, and a git
 * command they block waits, then fails naming them (retryWhileLocked).
 */
export async function recoverWorkspaceGitLocks(workspace: string, settleMs?: number): Promise<GitLockRecoveredData[]> {
  const commonDir = await gitCommonDir(workspace);
  const locks = await listLockFiles(path.join(commonDir, FETCHED_REFS));
  return removeStaleLocks(
    locks.map((p) => refLockCandidate(commonDir, p)),
    settleMs,
  );
}
