import { TERMINAL_NODE_STATES, type RunEvent, type RunState } from '../../core/run/index.js';
import type { FinishedAttempt } from './failed-attempt-events.js';

/** The progress comment is edited each time the run crosses one of these parts of its nodes. */
export const STRETCHES = 5;
/** A run of at most this many nodes edits it at every completion (a reader follows each step of a short run). */
export const EVERY_STEP_UP_TO = 10;

const NOTABLE = new Set([
  'run_started',
  'run_paused',
  'run_resumed',
  'run_cancel_requested',
  'run_completed',
  'breaker_opened',
  'budget_exceeded',
  'step_blocked',
]);

/**
 * Whether this advance edits the sticky progress comment. The comment is edited per stretch of the run, not per
 * step: when the run crosses a fifth of its nodes (20 %, 40 %, 60 %, 80 %), and on what a reader must see at once
 * (a step that failed for good, a pause, a resume, a cancel, an open breaker, a budget stop, the end, which is
 * always written). So a run of more than 10 nodes edits it four times plus its incidents and its end, whatever its
 * size; each step's own check run shows the moment it ends (ADR 0025). A run of at most 10 nodes edits it at every
 * completion. Pure.
 */
export function shouldReport(
  state: RunState,
  appended: readonly RunEvent[],
  finished: readonly FinishedAttempt[],
): boolean {
  if (appended.some((e) => NOTABLE.has(e.type))) return true;
  const ended = finished
    .map((f) => state.nodes.get(f.nodeId))
    .filter((n) => n !== undefined && TERMINAL_NODE_STATES.has(n.state));
  if (!ended.length) return false;
  if (ended.some((n) => n!.state === 'failed')) return true;
  const total = state.nodes.size;
  const done = [...state.nodes.values()].filter((x) => TERMINAL_NODE_STATES.has(x.state)).length;
  const parts = total <= EVERY_STEP_UP_TO ? total : STRETCHES;
  return Math.floor((parts * done) / total) !== Math.floor((parts * (done - ended.length)) / total);
}
