import { UsageError } from '../../core/errors.js';
import { ensureUetExcluded } from '../git/ensure-uet-excluded.js';
import { findRepoProblem } from '../git/repo-problem.js';
import { gitVersion, revParse, showToplevel } from '../git/repo-queries.js';
import { createRunBranch, runBranchName, runBranchRef } from '../git/run-branches.js';
import { assertRunId } from '../uet-paths.js';

export interface LocalRun {
  /** The top of the user's working tree: `.uet/` lives here. Pass it to the event store. */
  readonly repoRoot: string;
  readonly runBranch: string;
  readonly baseCommit: string;
}

/** Checks that `repoDir` is a usable git working tree with a recent enough git; returns its top directory. */
async function assertUsableRepo(repoDir: string): Promise<string> {
  const problem = await findRepoProblem(repoDir);
  if (problem !== undefined) throw new UsageError(problem);
  const [major, minor] = await gitVersion(repoDir).catch((e: unknown) => {
    throw new UsageError('git is not installed or not on PATH; UET needs git 2.38 or newer', { cause: e });
  });
  if (major < 2 || (major === 2 && minor < 38))
    throw new UsageError(
      `UET needs git 2.38 or newer (for merge-tree --write-tree); found ${major}.${minor}`,
    );
  return showToplevel(repoDir);
}

/**
 * Starts a local run: validates the repository (a git working tree with at least one commit), creates
 * `uet/run/<run_id>` at HEAD and excludes `.uet/runs/` and `.uet/ledger/` from git. Writes nothing on bad input.
 */
export async function prepareLocalRun(repoDir: string, runId: string): Promise<LocalRun> {
  assertRunId(runId);
  const repoRoot = await assertUsableRepo(repoDir);
  const { baseCommit, runBranch } = await createRunBranch(repoRoot, runId);
  await ensureUetExcluded(repoRoot);
  return { repoRoot, runBranch, baseCommit };
}

/**
 * Reopens a run for `uet resume`: the repository must be usable and `uet/run/<run_id>` must exist (else a
 * UsageError "unknown run"). Returns the branch's current tip; the base commit is in the run's events.
 */
export async function openLocalRun(
  repoDir: string,
  runId: string,
): Promise<Omit<LocalRun, 'baseCommit'> & { tip: string }> {
  assertRunId(runId);
  const repoRoot = await assertUsableRepo(repoDir);
  const tip = await revParse(repoRoot, runBranchRef(runId));
  if (tip === null)
    throw new UsageError(
      `run ${runId} cannot be resumed: its branch ${runBranchName(runId)} is gone from ${repoRoot} (deleted?); its log is kept in .uet/runs/${runId}/`,
    );
  await ensureUetExcluded(repoRoot);
  return { repoRoot, runBranch: runBranchName(runId), tip };
}

/**
 * What a new run needs of its repository, checked without writing anything: a usable git working tree (recent enough
 * git) with a commit at HEAD. Returns its top directory and HEAD. Throws UsageError otherwise.
 */
export async function checkLocalRepo(repoDir: string): Promise<{ repoRoot: string; baseCommit: string }> {
  const repoRoot = await assertUsableRepo(repoDir);
  const baseCommit = await revParse(repoRoot, 'HEAD');
  if (baseCommit === null)
    throw new UsageError(`${repoRoot}: the repository has no commits yet; commit something first (a run branch starts at HEAD)`);
  return { repoRoot, baseCommit };
}
