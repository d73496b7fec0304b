import type { RunOptions } from './events.js';

/**
 * Where a run's integrated patches live, as a full git ref: the one name the app (which creates it) and the
 * runner (which checks it out and advances it) both derive from the run's recorded options. A run of this
 * repository's own code uses the branch `uet/run/<run_id>`. A fork run uses `refs/uet/fork-runs/<run_id>`: a ref
 * outside refs/heads and refs/tags, so that no `push` or `pull_request` workflow ever runs on code derived from a
 * fork until a writer approves its exact final commit (ADR 0017). Pure.
 */
export function runRef(runId: string, options: Pick<RunOptions, 'run_branch' | 'fork'>): string {
  const recorded = options.run_branch;
  if (recorded?.startsWith('refs/')) return recorded;
  if (options.fork === true) return forkRunRef(runId);
  return `refs/heads/${recorded ?? `uet/run/${runId}`}`;
}

/** The ref of a step's own commit (a record beside the run ref): outside refs/heads for a fork run, like the run ref. */
export function stepRef(runId: string, stepId: string, options: Pick<RunOptions, 'run_branch' | 'fork'>): string {
  return runRef(runId, options).startsWith('refs/heads/')
    ? `refs/heads/uet/step/${runId}/${stepId}`
    : `refs/uet/fork-runs/${runId}-step/${stepId}`;
}

/** The run ref of a fork run. */
export const forkRunRef = (runId: string) => `refs/uet/fork-runs/${runId}`;

/** The `run_branch` option a new GitHub run records: the branch name, or the full ref of a fork run. */
export const recordedRunBranch = (runId: string, fork: boolean) =>
  fork ? forkRunRef(runId) : `uet/run/${runId}`;
