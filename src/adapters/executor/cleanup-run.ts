import { gitCommonDir, showToplevel } from '../git/repo-queries.js';
import { removeRunWorktrees } from '../git/step-worktree.js';
import { assertRunId } from '../uet-paths.js';

/**
 * Removes every worktree of a run: the leftovers of a crash, or those kept with `--keep-worktrees`. Branches stay
 * (the run branch is the result; step branches record the attempts). Returns the worktree paths removed.
 */
export async function cleanupRun(repoDir: string, runId: string): Promise<string[]> {
  assertRunId(runId);
  const root = await showToplevel(repoDir);
  return removeRunWorktrees(root, await gitCommonDir(root), runId);
}
