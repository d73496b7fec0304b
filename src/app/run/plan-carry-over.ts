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
 * something succeeded, and the old run branch still holds exactly the carried patches on the pinned commit. Two
 * reads: the old run branch's head, and its compare with the pinned commit. Undefined: run everything.
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
  // The branch must hold exactly the carried patches on the pinned commit (or be untouched). Ending at one of them is
  // not enough: a branch rewound to an earlier patch lacks the later ones, and a commit of an attempt that did not
  // succeed (a runner that died after integrating) would be applied twice when that step runs again.
  const commits = new Set(
    built.value.events.flatMap((e) =>
      e.type === 'step_succeeded' && e.data.commit !== undefined ? [e.data.commit] : [],
    ),
  );
  if (
    !(commits.size ? await holdsExactly(scope, run.origin.sha, branch, commits) : branch === run.origin.sha)
  ) {
    scope.log.info(
      `uet: run ${run.runId}: ${runBranch(old.runId)} moved since its run: nothing carried over`,
    );
    return undefined;
  }
  return { events: built.value.events, branch };
}

/** Whether `branch` is `base` plus exactly `commits` (one compare; a longer history than one page is refused). */
async function holdsExactly(
  scope: RepoScope,
  base: string,
  branch: string,
  commits: ReadonlySet<string>,
): Promise<boolean> {
  const { data } = await scope.gh.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
    ...scope.repo,
    basehead: `${base}...${branch}`,
    per_page: 100,
  });
  const onBranch = new Set(data.commits.map((c) => c.sha));
  return (
    data.status === 'ahead' &&
    data.total_commits === onBranch.size &&
    onBranch.size === commits.size &&
    [...commits].every((c) => onBranch.has(c))
  );
}
