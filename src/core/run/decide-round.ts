import type { Command } from './commands.js';
import { decide } from './decide.js';
import type { EventBody, RunEvent } from './events.js';
import { applyEvent, fold } from './fold.js';
import { START_PREPARATION, type StartClaim } from './start-claims.js';
import type { RunState } from './state.js';

export interface Round {
  /** The node attempts to claim and dispatch. */
  readonly starts: StartClaim[];
  /** When a new decision could differ with no new event (a retry or a half-open breaker is due). */
  readonly wakeAt?: number;
  /** The loop stopped at bookkeeping `stopAt` leaves to someone else; nothing of it was recorded. */
  readonly stopped?: boolean;
}

const recordsOf = (commands: readonly Command[]) =>
  commands.flatMap((c) => (c.kind === 'record' ? [c.event] : []));
const startsOf = (commands: readonly Command[]): StartClaim[] =>
  commands.flatMap((c) =>
    c.kind === 'start_step'
      ? [{ nodeId: c.stepId, attempt: c.attempt }]
      : c.kind === 'start_gate'
        ? [{ nodeId: c.nodeId, attempt: c.attempt }]
        : [],
  );

/**
 * decide() run to a fixed point for a driver that claims its starts. Bookkeeping (skips, breakers, pauses,
 * completion) goes to `record`, to be appended to the log. Start preparation (route_decided, prompt_rendered) is
 * not recorded here: it belongs to the start and is materialized with it by whoever writes the start (the runner),
 * so the starts are decided on a scratch fold of `events` with the preparation applied. `stopAt` ends the loop,
 * with no starts, at the first batch of bookkeeping holding an event it matches (a runner leaves the end of a run and
 * pauses to the app). Pure.
 */
export function decideRound(
  state: RunState,
  events: () => readonly RunEvent[],
  now: number,
  record: (e: EventBody) => void,
  stopAt?: (e: EventBody) => boolean,
): Round {
  const stops = (batch: readonly EventBody[]) => stopAt !== undefined && batch.some(stopAt);
  for (let guard = 0; guard < 1000; guard++) {
    const d = decide(state, now);
    const records = recordsOf(d.commands);
    if (!records.length)
      return { starts: startsOf(d.commands), ...(d.wakeAt !== undefined ? { wakeAt: d.wakeAt } : {}) };
    const book = records.filter((e) => !START_PREPARATION.has(e.type));
    if (book.length) {
      if (stops(book)) return { starts: [], stopped: true };
      book.forEach(record);
      continue;
    }
    const scratch = fold(events());
    let prep = records;
    let leaked: EventBody[] = [];
    for (let i = 0; i < 100 && prep.length; i++) {
      for (const body of prep)
        applyEvent(scratch, {
          event_id: `prep-${scratch.seq + 1}`,
          run_id: scratch.runId,
          seq: scratch.seq + 1,
          ts: new Date(now).toISOString(),
          ...body,
        });
      const next = decide(scratch, now);
      const nextRecords = recordsOf(next.commands);
      leaked = nextRecords.filter((e) => !START_PREPARATION.has(e.type));
      if (leaked.length) break;
      if (!nextRecords.length)
        return {
          starts: startsOf(next.commands),
          ...(next.wakeAt !== undefined ? { wakeAt: next.wakeAt } : {}),
        };
      prep = nextRecords;
    }
    // Preparation led to bookkeeping (say, a tool routed to became blocked): record it, and decide again.
    if (!leaked.length) return { starts: [] };
    if (stops(leaked)) return { starts: [], stopped: true };
    leaked.forEach(record);
  }
  return { starts: [] };
}
