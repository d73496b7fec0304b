import { mutexFor } from '../../adapters/create-mutex.js';
import { createRefOnce } from '../../adapters/github/create-ref-once.js';
import { dispatchNode } from '../../adapters/github/dispatch-node.js';
import { startRef } from '../../adapters/github/ledger-layout.js';
import { readRunLedger, type RunLedger } from '../../adapters/github/read-run-ledger.js';
import { appendRunLedger, LedgerConflictError } from '../../adapters/github/write-run-ledger.js';
import {
  applyEvent,
  applyStartClaims,
  fold,
  type EventBody,
  type RunEvent,
  type RunState,
} from '../../core/run/index.js';
import { decideRound } from './decide-round.js';
import type { RepoScope } from '../scope/repo-scope.js';
import { failedAttemptEvents, type FinishedAttempt } from './failed-attempt-events.js';
import { isAmbiguousFailure } from '../../adapters/github/github-client.js';
import { describeFailure } from '../report/describe-failure.js';
import { reportRun } from './report-run.js';

export interface AdvanceInput {
  /** The UET workflow file (from the webhook's workflow run, or the configuration). */
  readonly workflow: string;
  /** Node attempts whose workflow runs finished (a webhook, or the reconciler's look at the workflow runs). */
  readonly finished?: readonly FinishedAttempt[];
  /** Look each finished node's check run up before creating it (the reconciler). */
  readonly lookupChecks?: boolean;
  /** Events to record first (a cancel, a pause, a resume), computed from the current state on every try. */
  readonly records?: (state: RunState) => EventBody[];
  /** The ledger just written by the caller, to save its read. */
  readonly known?: RunLedger;
  /** Edit the sticky comment whatever changed (commands, the reconciler). */
  readonly reportAlways?: boolean;
}

export interface Advanced {
  readonly state: RunState;
  readonly events: readonly RunEvent[];
  readonly head: string;
  readonly appended: readonly RunEvent[];
  readonly started: readonly { nodeId: string; attempt: number; url?: string }[];
}

const MAX_TRIES = 5;

/**
 * One step of the driver, with no loop between webhooks: read the run from GitHub, fold it with its outstanding
 * start claims, record what the webhook tells (a runner that died without recording), ask decide() until only
 * starts are left, append the new events by compare-and-swap (re-reading on a conflict), then claim each start
 * atomically and dispatch it, and report. Undefined when the run has no ledger.
 */
export function advanceRun(
  scope: RepoScope,
  runId: string,
  input: AdvanceInput,
): Promise<Advanced | undefined> {
  // One advance of a run at a time in this process; across replicas, start claims keep starts exclusive.
  return mutexFor(`advance:${scope.fullName}:${runId}`).run(() => advance(scope, runId, input));
}

async function advance(scope: RepoScope, runId: string, input: AdvanceInput): Promise<Advanced | undefined> {
  for (let attempt = 1; ; attempt++) {
    const ledger =
      attempt === 1 && input.known ? input.known : await readRunLedger(scope.gh, scope.repo, runId);
    if (!ledger) return undefined;
    const now = scope.clock.now();
    const ts = new Date(now).toISOString();
    const state = fold(ledger.events);
    const virtual = applyStartClaims(state, ledger.claims, ts, () => scope.ids.newId());
    const pending: RunEvent[] = [];
    const push = (body: EventBody) => {
      const event = { event_id: scope.ids.newId(), run_id: runId, seq: state.seq + 1, ts, ...body };
      applyEvent(state, event);
      pending.push(event);
    };
    for (const f of input.finished ?? []) failedAttemptEvents(state, f, now).forEach(push);
    input.records?.(state).forEach(push);
    const round = decideRound(state, () => [...ledger.events, ...virtual, ...pending], now, push);
    let head = ledger.head;
    if (pending.length) {
      try {
        head = await appendRunLedger(scope.gh, scope.repo, runId, ledger.head, ledger.text, [
          ...virtual,
          ...pending,
        ]);
      } catch (error) {
        if (error instanceof LedgerConflictError && attempt < MAX_TRIES) continue;
        throw error;
      }
    }
    const started: { nodeId: string; attempt: number; url?: string }[] = [];
    const refused: FinishedAttempt[] = [];
    for (const c of round.starts) {
      const { nodeId } = c;
      const ref = startRef(runId, nodeId, c.attempt);
      const claim = await createRefOnce(scope.gh, scope.repo, ref, head);
      if (claim.status === 'exists') continue; // another handler claimed this start and dispatches it
      let d;
      try {
        d = await dispatchNode(scope.gh, scope.repo, {
          workflow: input.workflow,
          ref: scope.defaultBranch,
          runId,
          nodeId,
          attempt: c.attempt,
          payloadRef: `refs/${ref}`,
        });
      } catch (error) {
        if (isAmbiguousFailure(error)) throw error; // the reconciler dispatches the claimed start later
        refused.push({
          nodeId,
          attempt: c.attempt,
          conclusion: 'dispatch_failed',
          message: `GitHub refused to dispatch the UET workflow: ${describeFailure(error)}`,
        });
        continue;
      }
      started.push({ nodeId, attempt: c.attempt, ...(d.htmlUrl !== undefined ? { url: d.htmlUrl } : {}) });
    }
    // A dispatch GitHub refused (no workflow, bad inputs) fails its attempt for good: the run ends and says why.
    if (refused.length)
      return advance(scope, runId, { workflow: input.workflow, finished: refused, reportAlways: true });
    const events = [...ledger.events, ...virtual, ...pending];
    // Starts just claimed are running: show them so in the report.
    const claimed = started.map((s) => ({ nodeId: s.nodeId, attempt: s.attempt }));
    const shown = fold(events);
    applyStartClaims(shown, [...ledger.claims, ...claimed], ts, () => scope.ids.newId());
    await reportRun(scope, {
      state: shown,
      events,
      head,
      commentId: ledger.commentId,
      workflow: input.workflow,
      finished: input.finished ?? [],
      started,
      appended: pending,
      reportAlways: input.reportAlways === true,
      lookupCheck: input.lookupChecks === true,
    });
    if (round.wakeAt !== undefined && scope.wake) scope.wake(scope, runId, round.wakeAt);
    return { state: shown, events, head, appended: pending, started };
  }
}
