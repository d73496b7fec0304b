import type { CronSchedule } from './parse-cron.js';

export type SlotDecision =
  /** The slot is due and nobody took it: claim it, and start its run if the claim is ours. */
  | { readonly kind: 'start'; readonly slot: number }
  /**
   * The schedule has never been seen (no claim at all): claim its latest past slot without running it, so that a
   * schedule added at 15:00 does not fire the slot of midnight; its next slot runs.
   */
  | { readonly kind: 'baseline'; readonly slot: number }
  /** Nothing due: the latest slot is taken (or there is none yet). */
  | { readonly kind: 'none' };

export interface SlotInput {
  readonly cron: CronSchedule;
  readonly now: number;
  /** The slots already claimed for this schedule (by any replica, before any restart). */
  readonly claimed: readonly number[];
}

/**
 * Which slot of a schedule to start now. Only the latest slot at or before `now` is ever considered, so a reconciler
 * that was down for a week runs one slot, not seven; and only a slot later than every claimed one, so a slot is
 * never run twice, even when older claims were cleaned up or the cron changed. Pure: the clock is an input.
 */
export function decideScheduleSlot(i: SlotInput): SlotDecision {
  const latest = i.cron.latestAtOrBefore(i.now);
  if (latest === undefined) return { kind: 'none' };
  if (!i.claimed.length) return { kind: 'baseline', slot: latest };
  const newest = Math.max(...i.claimed);
  return latest > newest ? { kind: 'start', slot: latest } : { kind: 'none' };
}

/** The claims to delete: all but the newest `keep` of a schedule (they can never be due again: see above). */
export function staleSlots(claimed: readonly number[], keep = 2): number[] {
  return [...claimed].sort((a, b) => b - a).slice(keep);
}
