import { runBranch } from '../../adapters/github/ledger-layout.js';
import { statusOf } from '../../adapters/github/github-client.js';
import { buildCarryOver, type EventBody, type RunState } from '../../core/run/index.js';
import type { RepoScope } from '../scope/repo-scope.js';

export interface PlannedCarryOver {
  /** The events recording the carried nodes, right after run_created. */
  readonly events: EventBody[];
  /** Where the new run branch starts: the retried run's branch head, which holds their patches. */
  readonly branch: string;
}

/**
 * What a retry of a finished run carries over (buildCarryOver): only when the new run is pinned to the same commit
 * as the old one (patches made on another commit are not trusted to apply: everything runs again), and only when
 * something succeeded, and the old run branch still ends at its last integrated patch. One read, the old run
 * branch's head. Undefined: run everything.
 */
export async function planCarryOver(
  scope: RepoScope,
  run: { runId: string; origin: { sha: string }; retryOf?: { state: RunState; rerun?: string } },
): Promise<PlannedCarryOver | undefined> {
  const old = run.retryOf?.state;
  if (!old || old.origin.sha !== run.origin.sha) return undefined;
  const built = buildCarryOver(old, run.runId, run.retryOf?.rerun);
  if (!built.ok) {
    scope.log.info(`uet: run ${run.runId}: nothing carried over from ${old.runId}: ${built.reason}`);
    return undefined;
  }
  if (!built.value.carried.length) return undefined;
  let branch: string;
  try {
    const { data } = await scope.gh.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
      ...scope.repo,
      ref: `heads/${runBranch(old.runId)}`,
    });
    branch = data.object.sha;
  } catch (error) {
    if (statusOf(error) === 404) return undefined; // the old run branch is gone: run everything
    throw error;
  }
  // The branch must end at a carried patch (or be untouched): anything pushed there since is not the run's.
  const commits = built.value.events.flatMap((e) =>
    e.type === 'step_succeeded' && e.data.commit !== undefined ? [e.data.commit] : [],
  );
  if (commits.length ? !commits.includes(branch) : branch !== run.origin.sha) {
    scope.log.info(
      `uet: run ${run.runId}: ${runBranch(old.runId)} moved since its run: nothing carried over`,
    );
    return undefined;
  }
  return { events: built.value.events, branch };
}
