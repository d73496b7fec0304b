import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { runRef, stepRef, type GitLockRecoveredData, type RunOptions } from '../../core/run/index.js';
import { assertRunId } from '../uet-paths.js';
import { gitCommonDir } from './repo-queries.js';
import { listLockFiles, refLockCandidate, removeStaleLocks, type StaleLockCandidate } from './remove-stale-locks.js';
import { legacyWorktreesRoot, worktreesRoot } from './worktree-location.js';

const readText = (file: string) => readFile(file, 'utf8').then((t) => t.trim(), () => null);

/** The `.lock` files of the run's own refs: its run ref (exactly), and every ref under its step-ref prefix. */
async function refLocks(commonDir: string, runId: string, options: RunOptions): Promise<StaleLockCandidate[]> {
  const run = runRef(runId, options);
  const stepPrefix = stepRef(runId, '', options); // ends with '/'
  const steps = await listLockFiles(path.join(commonDir, stepPrefix));
  return [path.join(commonDir, `${run}.lock`), ...steps].map((p) => refLockCandidate(commonDir, p));
}

/**
 * The locks in the git admin directory (`<common-dir>/worktrees/<name>/`) of each of the run's own worktrees: those
 * whose `gitdir` points below the run's worktree root (worktree-location.ts, or where UET 0.1 put them). Its `*.lock`
 * files (index.lock, HEAD.lock, …), and the `locked` marker git writes while `worktree add` sets a worktree up
 * ("initializing"), which keeps UET's prune away and the step branch "checked out" there; a `locked` with any other
 * text is a person's `git worktree lock`, and stays.
 */
async function worktreeLocks(commonDir: string, runId: string): Promise<StaleLockCandidate[]> {
  const roots = [worktreesRoot(commonDir, runId), legacyWorktreesRoot(commonDir, runId)].map((r) => r + path.sep);
  const admin = path.join(commonDir, 'worktrees');
  const names = await readdir(admin, { withFileTypes: true }).catch(() => []);
  const found: StaleLockCandidate[] = [];
  for (const n of names) {
    if (!n.isDirectory()) continue;
    const dir = path.join(admin, n.name);
    const gitdir = await readText(path.join(dir, 'gitdir'));
    const worktree = gitdir === null ? null : path.dirname(path.resolve(dir, gitdir));
    if (worktree === null || !roots.some((root) => (worktree + path.sep).startsWith(root))) continue;
    for (const p of await listLockFiles(dir)) found.push({ path: p, kind: 'worktree', worktree });
    if ((await readText(path.join(dir, 'locked'))) === 'initializing')
      found.push({ path: path.join(dir, 'locked'), kind: 'worktree', worktree });
  }
  return found;
}

/** The temporary indexes (and their locks) of patch applications by process `pid` (applyWithGit: uet/index-<pid>-*). */
async function tempIndexes(commonDir: string, pid: number | undefined): Promise<StaleLockCandidate[]> {
  if (pid === undefined) return [];
  const dir = path.join(commonDir, 'uet');
  const names = await readdir(dir).catch(() => []);
  return names.filter((n) => n.startsWith(`index-${pid}-`)).map((n) => ({ path: path.join(dir, n), kind: 'temp_index' as const }));
}

/**
 * After a driver of the run died (its run lock had a dead pid: `holderPid`, or null when unreadable), removes the git
 * lock files that only it could have been holding, because every UET process that writes them holds the run lock:
 * the `.lock` of the run's refs, the locks in its worktrees' admin directories, its temporary indexes. A file that
 * changes while it is watched belongs to a live process and stays (removeStaleLocks). Nothing else is touched: the
 * user's `index.lock`, `HEAD.lock` or `packed-refs.lock`, other runs' refs and worktrees. Returns what it removed,
 * one git_lock_recovered record per file.
 */
export async function recoverRunGitLocks(
  repoRoot: string,
  runId: string,
  options: RunOptions,
  holderPid: number | null,
  settleMs?: number,
): Promise<GitLockRecoveredData[]> {
  assertRunId(runId);
  const commonDir = await gitCommonDir(repoRoot);
  const candidates = [
    ...(await refLocks(commonDir, runId, options)),
    ...(await worktreeLocks(commonDir, runId)),
    ...(await tempIndexes(commonDir, holderPid ?? undefined)),
  ];
  const removed = await removeStaleLocks(candidates, settleMs);
  return removed.map((r) => ({ ...r, ...(holderPid !== null ? { holder_pid: holderPid } : {}) }));
}
