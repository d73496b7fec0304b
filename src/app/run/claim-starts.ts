import { createRefOnce, deleteRef } from '../../adapters/github/create-ref-once.js';
import { dispatchNode } from '../../adapters/github/dispatch-node.js';
import { isAmbiguousFailure } from '../../adapters/github/github-client.js';
import { startRef } from '../../adapters/github/ledger-layout.js';
import type { RunLedger } from '../../adapters/github/read-run-ledger.js';
import { fold, runnerInputOf, toolJobOf, type RunState, type StartClaim, type ToolJob } from '../../core/run/index.js';
import { describeFailure } from '../report/describe-failure.js';
import type { RepoScope } from '../scope/repo-scope.js';
import type { FinishedAttempt } from './failed-attempt-events.js';

/**
 * Claims the starts the app decided (first wave, retries after backoff, half-open trials, a runner that did not
 * chain): each a create-once ref at the ledger head the decision was made on. The caller then moves the ledger head
 * by compare-and-swap, which serializes these claims with the runners' (ADR 0010). Returns the claims it made; a
 * start another writer claimed first is theirs to dispatch.
 */
export async function createClaims(
  scope: RepoScope,
  runId: string,
  starts: readonly StartClaim[],
  head: string,
): Promise<StartClaim[]> {
  const claimed: StartClaim[] = [];
  for (const c of starts) {
    const claim = await createRefOnce(scope.gh, scope.repo, startRef(runId, c.nodeId, c.attempt), head);
    if (claim.status === 'created') claimed.push(c);
  }
  return claimed;
}

/**
 * After the app lost the ledger compare-and-swap that was to confirm its claims: a claim whose start the new
 * ledger records was seen by the writer who won (it decided with it), so it stands and is dispatched; any other is
 * withdrawn before it is dispatched, since the winner decided without it. Returns the claims that stand.
 */
export async function settleClaims(
  scope: RepoScope,
  runId: string,
  claimed: readonly StartClaim[],
  fresh: RunLedger | undefined,
): Promise<StartClaim[]> {
  const state = fresh ? fold(fresh.events) : undefined;
  const stand: StartClaim[] = [];
  for (const c of claimed) {
    if ((state?.nodes.get(c.nodeId)?.attempts ?? 0) >= c.attempt) stand.push(c);
    else await deleteRef(scope.gh, scope.repo, startRef(runId, c.nodeId, c.attempt));
  }
  return stand;
}

export interface Dispatched {
  readonly started: { nodeId: string; attempt: number; url?: string }[];
  /** Dispatches GitHub refused (no workflow, bad inputs): each fails its attempt for good. */
  readonly refused: FinishedAttempt[];
}

/**
 * Dispatches one claimed start of the run on the default branch, the claim ref as its payload, and as `tool` the
 * tool job the start's route names in `state` (ADR 0016), and its runner class and time limit (ADR 0026).
 */
export function dispatchClaim(scope: RepoScope, runId: string, workflow: string, { nodeId, attempt }: StartClaim, state: RunState) {
  const tool: ToolJob = toolJobOf(state, nodeId);
  return dispatchNode(scope.gh, scope.repo, {
    workflow,
    ref: scope.defaultBranch,
    runId,
    nodeId,
    attempt,
    payloadRef: `refs/${startRef(runId, nodeId, attempt)}`,
    tool,
    runner: runnerInputOf(state, nodeId, scope.clock.now()),
  });
}

/**
 * Dispatches claimed starts, each with the tool job of its route in `state`. An ambiguous failure is thrown: the
 * reconciler dispatches the claimed start later.
 */
export async function dispatchClaims(
  scope: RepoScope,
  runId: string,
  workflow: string,
  claims: readonly StartClaim[],
  state: RunState,
): Promise<Dispatched> {
  const out: Dispatched = { started: [], refused: [] };
  for (const { nodeId, attempt } of claims) {
    try {
      const d = await dispatchClaim(scope, runId, workflow, { nodeId, attempt }, state);
      out.started.push({ nodeId, attempt, ...(d.htmlUrl !== undefined ? { url: d.htmlUrl } : {}) });
    } catch (error) {
      if (isAmbiguousFailure(error)) throw error;
      out.refused.push({
        nodeId,
        attempt,
        conclusion: 'dispatch_failed',
        message: `GitHub refused to dispatch the UET workflow: ${describeFailure(error)}`,
      });
    }
  }
  return out;
}
