import type { RunEvent } from './events.js';
import type { RunState } from './state.js';

/** A span of wall-clock time, in epoch milliseconds. */
export interface TimeSpan {
  readonly from: number;
  readonly to: number;
}

/**
 * The longest pause between two events of a live driver with nothing to wait for (no attempt or gate running, no
 * timer pending): deciding, git and fsync take milliseconds; anything longer is time no process drove the run.
 */
export const DRIVER_SLACK_MS = 2000;

/**
 * When the driver was going to act next on its own: the earliest retry or half-open time pending. A node waiting
 * for its retry stays in the ready queue until it starts or is skipped, so the queue is searched, not every node.
 */
function nextTimer(state: RunState): number | undefined {
  let next: number | undefined;
  for (const id of state.queue) {
    const n = state.nodes.get(id)!;
    if (n.state === 'retry_wait' && n.retryAt !== undefined) next = Math.min(next ?? n.retryAt, n.retryAt);
  }
  for (const b of state.breakers.values()) if (b.halfOpenAt !== undefined) next = Math.min(next ?? b.halfOpenAt, b.halfOpenAt);
  return next;
}

/**
 * Records the downtime before event `e` (at `at`) in `state.downtime`: the time between a stop (Ctrl-C, a crash, a
 * pause for a human) and the resume, which no run or step duration includes. Derived from the events alone, before
 * `e` is applied: after an interrupted attempt or a pause, the gap to the next event is downtime; an attempt found
 * abandoned by a resume (its driver died) ends a gap of downtime; otherwise a gap is work while an attempt or gate
 * runs, or waiting while a retry or half-open timer is pending, and downtime beyond that (plus DRIVER_SLACK_MS).
 */
export function trackDowntime(state: RunState, e: RunEvent, at: number): void {
  const last = state.lastEventAt;
  const gap = at - last;
  const crashFound = e.type === 'step_abandoned' && e.data.reason !== 'interrupted';
  if (gap > 0) {
    let downFrom: number | undefined;
    if (state.stoppedSince !== undefined || crashFound) downFrom = last;
    else if (state.running.size === 0) {
      const timer = nextTimer(state);
      downFrom = Math.max(last, timer ?? last) + DRIVER_SLACK_MS;
    }
    if (downFrom !== undefined && downFrom < at) state.downtime.push({ from: downFrom, to: at });
  }
  const stops = (e.type === 'step_abandoned' && e.data.reason === 'interrupted') || e.type === 'run_paused';
  if (stops) state.stoppedSince ??= at;
  else if (!crashFound) delete state.stoppedSince;
  state.lastEventAt = at;
}

/** The time in [from, to) that a process drove the run: the span minus the downtime in it. Pure. */
export function activeMs(downtime: readonly TimeSpan[], from: number, to: number): number {
  let down = 0;
  for (const d of downtime) down += Math.max(0, Math.min(to, d.to) - Math.max(from, d.from));
  return Math.max(0, to - from - down);
}
