import { mutexFor } from '../../adapters/create-mutex.js';
import { readRunLedger, type RunLedger } from '../../adapters/github/read-run-ledger.js';
import {
  appendRunLedger,
  bumpRunLedger,
  LedgerConflictError,
} from '../../adapters/github/write-run-ledger.js';
import {
  applyEvent,
  applyStartClaims,
  decideRound,
  fold,
  type EventBody,
  type RunEvent,
  type RunState,
  type StartClaim,
} from '../../core/run/index.js';
import { DEFAULT_APP_CONFIG } from '../config/app-config.js';
import { readAppConfig } from '../config/read-app-config.js';
import type { RepoScope } from '../scope/repo-scope.js';
import { failedAttemptEvents, type FinishedAttempt } from './failed-attempt-events.js';
import { recordedWith, reportRun } from './report-run.js';
import { createClaims, dispatchClaims, settleClaims } from './claim-starts.js';
import type { LockBlocker } from '../../core/lock/index.js';
import { isTerminal, releaseRunLock, takeRunLock } from './run-lock.js';

export interface AdvanceInput {
  /** The UET workflow file, for a run that does not record one (older runs): from the configuration. */
  readonly workflow: string;
  /**
   * The workflow file of the completion that asked for this advance: a completion of any other file than the run's
   * UET workflow is ignored, with no write.
   */
  readonly completedBy?: string;
  /** Node attempts whose workflow runs finished (a webhook, or the reconciler's look at the workflow runs). */
  readonly finished?: readonly FinishedAttempt[];
  /** The reconciler's pass: finish a run that ended while the app was down (check runs are always looked up). */
  readonly lookupChecks?: boolean;
  /** Events to record first (a cancel, a pause, a resume), computed from the current state on every try. */
  readonly records?: (state: RunState) => EventBody[];
  /** The ledger just written by the caller, to save its read. */
  readonly known?: RunLedger;
  /** Edit the sticky comment whatever changed (commands, the reconciler). */
  readonly reportAlways?: boolean;
  /**
   * The ledger in `known` was created by the caller in this call (startRun), and nothing names the run yet but its
   * trigger: no index ref, no dispatch. Its first wave's claims then need no compare-and-swap of the head (the two
   * writes of a bump): the head's move exists to fail the push of a writer who read the ledger before the claims,
   * and none can have (runners are dispatched after the claims; the reconciler and the commands find a run through
   * its index refs, which `publish` writes after the claims and before any dispatch; a second handling of the same
   * trigger claims atomically too, and decides on the same state). The sticky comment is created without a lookup:
   * no earlier handling of this run can have written it. `publish` runs once, before the first dispatch.
   */
  readonly created?: { readonly publish: () => Promise<void> };
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
  const lock = scope.lock ?? mutexFor;
  return lock(`advance:${scope.fullName}:${runId}`).run(() => advance(scope, runId, input));
}

async function advance(scope: RepoScope, runId: string, input: AdvanceInput): Promise<Advanced | undefined> {
  let next: RunLedger | undefined = input.known;
  const stand: StartClaim[] = []; // claims of a lost compare-and-swap that the winner recorded
  for (let attempt = 1; ; attempt++) {
    const ledger = next ?? (await readRunLedger(scope.gh, scope.repo, runId));
    if (!ledger) return undefined;
    const now = scope.clock.now();
    const ts = new Date(now).toISOString();
    const state = fold(ledger.events);
    const workflow = await runWorkflow(scope, state, input);
    if (input.completedBy !== undefined && input.completedBy !== workflow) {
      scope.log.warn(
        `uet: run ${runId}: ignored a completion of .github/workflows/${input.completedBy}: the run's workflow is ${workflow}`,
      );
      return undefined;
    }
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
    let starts = round.starts;
    let lockWait: { base: string; blockers: readonly LockBlocker[]; foreign?: string } | undefined;
    // A run with a lock (ADR 0024) holds it before it starts anything: it waits (nothing claimed, asked again by the
    // reconciler and by the run that releases) or, under on_conflict: refuse, is canceled with the reason. Asked
    // before every claim (a holder's ask writes nothing): steps carried over by a retry are not a start.
    if (starts.length && state.options.lock) {
      const taken = await takeRunLock(scope, state);
      if (taken.outcome === 'refused') {
        const why = `locks.on_conflict: refuse: ${taken.blockers.map((b) => `run ${b.run_id} (${b.state === 'held' ? 'running' : 'queued'}) may write ${b.overlap.slice(0, 3).join(', ')}`).join('; ')} on ${state.options.lock.base}`;
        const records = input.records;
        const cancel = (s: RunState): EventBody[] => (s.cancelRequested ? [] : [{ type: 'run_cancel_requested', data: { by: 'uet', reason: why } }]);
        return advance(scope, runId, { ...input, known: ledger, reportAlways: true, records: (s) => [...(records?.(s) ?? []), ...cancel(s)] });
      }
      if (taken.outcome === 'waiting') {
        scope.log.info(`uet: run ${runId} waits for the lock of ${state.options.lock.base}: ${taken.foreign !== undefined ? `the lock table is not UET's (${taken.foreign})` : taken.blockers.map((b) => `run ${b.run_id} (${b.state})`).join(', ')}`);
        starts = [];
        lockWait = { base: state.options.lock.base, blockers: taken.blockers, ...(taken.foreign !== undefined ? { foreign: taken.foreign } : {}) };
      }
    }
    // Claims first, then the ledger compare-and-swap (the append, or a bump of the head): a runner that read the
    // ledger before these claims loses its push and re-reads them; if the app loses, its claims are settled
    // before anything is dispatched. So app-side starts are serialized with the runners' (ADR 0010).
    const claimed = await createClaims(scope, runId, starts, ledger.head);
    let head = ledger.head;
    // A ledger created in this call, unpublished: its claims stand as made (see AdvanceInput.created).
    const unpublished = input.created !== undefined && ledger === input.known && !pending.length;
    if (pending.length || (claimed.length && !unpublished)) {
      try {
        head = pending.length
          ? await appendRunLedger(scope.gh, scope.repo, runId, ledger.head, ledger.text, [
              ...virtual,
              ...pending,
            ])
          : await bumpRunLedger(scope.gh, scope.repo, runId, ledger.head, claimMessage(runId, claimed));
      } catch (error) {
        if (!(error instanceof LedgerConflictError) || attempt >= MAX_TRIES) throw error;
        next = await readRunLedger(scope.gh, scope.repo, runId);
        stand.push(...(await settleClaims(scope, runId, claimed, next)));
        if (!next) return undefined;
        continue;
      }
    }
    await input.created?.publish();
    const { started, refused } = await dispatchClaims(scope, runId, workflow, [...stand, ...claimed], state);
    // A dispatch GitHub refused (no workflow, bad inputs) fails its attempt for good: the run ends and says why.
    if (refused.length) return advance(scope, runId, { workflow, finished: refused, reportAlways: true });
    const events = [...ledger.events, ...virtual, ...pending];
    // Starts just claimed are running: show them so in the report.
    const shown = fold(events);
    applyStartClaims(shown, [...ledger.claims, ...started], ts, () => scope.ids.newId());
    await reportRun(scope, {
      state: shown,
      events,
      head,
      commentId: ledger.commentId,
      workflow,
      finished: input.finished ?? [],
      started,
      appended: pending,
      recorded: recordedWith(ledger.events, input.finished ?? []),
      reportAlways: input.reportAlways === true,
      lookupCheck: input.lookupChecks === true,
      ...(input.created ? { created: true } : {}),
      ...(lockWait ? { lockWait } : {}),
    });
    if (round.wakeAt !== undefined && scope.wake) scope.wake(scope, runId, round.wakeAt);
    if (state.options.lock && isTerminal(shown)) await releaseAndWake(scope, state.options.lock.base, runId, workflow);
    return { state: shown, events, head, appended: pending, started };
  }
}

/**
 * The UET workflow of a run: the file it records (runs created since ADR 0017), else the configured one. A
 * completion that names another file is checked against the configuration on the default branch (one read, only
 * for runs that record no workflow).
 */
async function runWorkflow(scope: RepoScope, state: RunState, input: AdvanceInput): Promise<string> {
  if (state.options.workflow !== undefined) return state.options.workflow;
  if (input.completedBy === undefined) return input.workflow;
  const config = await readAppConfig(scope.gh, scope.repo, scope.defaultBranch);
  return config.ok ? config.value.workflow : DEFAULT_APP_CONFIG.workflow;
}

/** The run ended: its lock goes, and the queued runs that may hold now are advanced (each takes it in turn). */
async function releaseAndWake(scope: RepoScope, base: string, runId: string, workflow: string): Promise<void> {
  for (const waiter of await releaseRunLock(scope, base, runId)) {
    try {
      await advanceRun(scope, waiter, { workflow });
    } catch (error) {
      scope.log.warn(`uet: run ${waiter} could not be started after run ${runId} released its lock (the reconciler retries): ${(error as Error).message}`);
    }
  }
}

const claimMessage = (runId: string, claims: readonly StartClaim[]) =>
  `uet: run ${runId} claims ${claims.map((c) => `${c.nodeId}/${c.attempt}`).join(', ')}\n`;
