import { UsageError } from '../../core/errors.js';
import { runGit } from './run-git.js';
import { revParse } from './repo-queries.js';

/** Names and places of a run's git objects. Step branches live beside, not below, the run branch: git cannot hold both. */
export const runBranchName = (runId: string) => `uet/run/${runId}`;
export const runBranchRef = (runId: string) => `refs/heads/${runBranchName(runId)}`;
export const stepBranchName = (runId: string, stepId: string) => `uet/step/${runId}/${stepId}`;
/** Where worktrees live: see worktree-location.ts (re-exported here for existing callers). */
export { stepWorktreePath, worktreesRoot } from './worktree-location.js';

/** Worktree directory name of a gate: starts with '_', which no step id can, so the two never collide. */
export const gateWorktreeName = (gateNodeId: string) =>
  `_gate-${gateNodeId.replace(/[^A-Za-z0-9._-]/g, '_')}`;

/**
 * Creates `uet/run/<run_id>` at HEAD of `repoDir` and returns {baseCommit, runBranch}. Refuses a repository
 * without commits, and a run branch that already exists.
 */
export async function createRunBranch(
  repoDir: string,
  runId: string,
): Promise<{ baseCommit: string; runBranch: string }> {
  const baseCommit = await revParse(repoDir, 'HEAD');
  if (baseCommit === null)
    throw new UsageError(
      `${repoDir}: the repository has no commits yet; commit something first (a run branch starts at HEAD)`,
    );
  const runBranch = runBranchName(runId);
  const check = await runGit(repoDir, ['check-ref-format', '--branch', runBranch], { okCodes: [0, 1, 128] });
  if (check.code !== 0)
    throw new UsageError(`run id "${runId}" does not make a valid branch name (${runBranch})`);
  // update-ref with a zero old value creates the ref only if it does not exist yet.
  const r = await runGit(
    repoDir,
    [
      'update-ref',
      '-m',
      `uet: create run ${runId}`,
      runBranchRef(runId),
      baseCommit,
      '0'.repeat(baseCommit.length),
    ],
    {
      okCodes: [0, 1, 128],
    },
  );
  if (r.code !== 0)
    throw new UsageError(
      `run branch ${runBranch} already exists in ${repoDir} (${r.stderr.trim() || 'cannot create it'})`,
    );
  return { baseCommit, runBranch };
}
