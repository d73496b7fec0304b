import { TERMINAL_NODE_STATES, type RunEvent, type RunState } from '../../core/run/index.js';
import type { FinishedAttempt } from './failed-attempt-events.js';

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
 * Whether this advance edits the sticky progress comment. The comment is edited per scheduling wave, not per step:
 * when the run crosses a tenth of its nodes, and on what a reader must see at once (a step that failed for good,
 * a pause, a resume, a cancel, an open breaker, a budget stop, the end). So a run of N steps edits it about
 * ten times plus its incidents, whatever N is. Pure.
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
  return Math.floor((10 * done) / total) !== Math.floor((10 * (done - ended.length)) / total);
}
