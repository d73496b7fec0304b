import { listCheckRuns } from '../../adapters/github/check-runs.js';
import { checkCommitOf, type RunEvent, type RunState } from '../../core/run/index.js';
import { buildNodeCheck, nodeExternalId } from '../render/build-node-check.js';
import { createClaimedCheckRun } from '../run/create-claimed-check-run.js';
import type { RepoScope } from '../scope/repo-scope.js';

/**
 * Creates the check runs of ended node attempts that have none (their completion webhook was lost): the commit's
 * check runs of this app (a read per 100), then one create per missing check. Keyed by external id, so it never duplicates.
 */
export async function ensureNodeChecks(
  scope: RepoScope,
  state: RunState,
  events: readonly RunEvent[],
): Promise<number> {
  const sha = state.origin.sha;
  if (!sha) return 0;
  const ended = state.attempts
    .filter((a) => a.state !== 'running')
    .map((a) => ({ nodeId: a.stepId, attempt: a.attempt }));
  for (const [id, n] of state.nodes)
    if (state.plan.nodes.get(id)!.kind === 'gate' && n.gate) ended.push({ nodeId: id, attempt: n.attempts });
  if (!ended.length) return 0;
  // Every page, and only this app's check runs: on a commit with a hundred CI checks, UET's are not on the first page.
  // A follow-up run's committed steps have their checks on their own commits (checkCommitOf): each commit is listed.
  const have = new Set<string | null | undefined>();
  const commits = new Set([sha, ...ended.map((e) => checkCommitOf(state, e.nodeId, e.attempt))]);
  for (const commit of commits)
    for (const c of await listCheckRuns(scope.gh, scope.repo, commit, {
      ...(scope.appId !== undefined ? { appId: scope.appId } : {}),
    }))
      have.add(c.externalId);
  let created = 0;
  for (const e of ended) {
    if (have.has(nodeExternalId(state.runId, e.nodeId, e.attempt))) continue;
    // Claimed in the instance's known check runs: a completion handled meanwhile does not create it again.
    if (await createClaimedCheckRun(scope, buildNodeCheck(state, events, e.nodeId, e.attempt))) created += 1;
  }
  return created;
}
