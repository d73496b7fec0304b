import { decideRound } from './decide-round.js';
import type { EventBody, RunEvent } from './events.js';
import { applyEvent, fold } from './fold.js';
import { applyStartClaims, type StartClaim } from './start-claims.js';
import type { RunState } from './state.js';

/** Events a chaining writer leaves to the app: it must act on them (the result PR, the final reports). */
const LEFT_TO_THE_APP: ReadonlySet<string> = new Set(['run_completed', 'run_paused']);

export interface ChainInput {
  /** The ledger as read (events.jsonl at the head the append will compare-and-swap against). */
  readonly events: readonly RunEvent[];
  /** The start claims listed together with that head. */
  readonly claims: readonly StartClaim[];
  readonly now: number;
  readonly newId: () => string;
  /**
   * Records the events of the attempt that ended (its start if it was never claimed, patch events, outcome) with
   * `record`, which applies each to `state` (the fold with the outstanding claims applied). False when the log
   * already has them: nothing is written.
   */
  readonly outcome: (state: RunState, record: (e: EventBody) => void) => boolean;
  /** Whether the writer may claim the next starts (it can dispatch them). */
  readonly chain: boolean;
}

export interface Chained {
  /** What to append, with envelopes, in seq order: outstanding starts, the outcome, then the bookkeeping. */
  readonly append: RunEvent[];
  /** The starts to claim atomically with the append, then dispatch. Empty unless `chain`. */
  readonly starts: StartClaim[];
  readonly state: RunState;
}

/**
 * The runner's integrate job as a step of the driver (ADR 0010): fold the ledger with its outstanding start
 * claims, record the attempt's outcome, then run the same decision loop as the app. The bookkeeping it asks for
 * (skips, breakers, budget warnings) is appended with the outcome, and the starts it asks for are claimed in the
 * same compare-and-swap, so that two completions can never start more than max_parallel between them. Only a
 * running run chains: a paused, canceled or finished run gets its outcome and nothing else. The end of a run and a
 * pause are left to the app, which must report them. Pure.
 */
export function chainRun(input: ChainInput): Chained | null {
  const state = fold(input.events);
  const ts = new Date(input.now).toISOString();
  const append: RunEvent[] = [];
  const push = (body: EventBody) => {
    const event = { event_id: input.newId(), run_id: state.runId, seq: state.seq + 1, ts, ...body };
    applyEvent(state, event);
    append.push(event);
  };
  append.push(...applyStartClaims(state, input.claims, ts, input.newId));
  if (!input.outcome(state, push)) return null;
  // A claim of a node this outcome made ready (another writer claimed it first) is a start too.
  append.push(...applyStartClaims(state, input.claims, ts, input.newId));
  if (state.status !== 'running' || state.cancelRequested) return { append, starts: [], state };
  const round = decideRound(
    state,
    () => [...input.events, ...append],
    input.now,
    push,
    (e) => LEFT_TO_THE_APP.has(e.type),
  );
  return { append, starts: input.chain && !round.stopped ? round.starts : [], state };
}
