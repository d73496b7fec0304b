import type { Clock } from '../../core/ports.js';

/** How long a refused sender is not answered again, nor looked up. */
export const REFUSAL_WINDOW_MS = 10 * 60_000;
/** Senders remembered at most (the oldest is forgotten first). */
const MAX_SENDERS = 10_000;

export interface RefusalLimiter {
  /** Whether `key` (a repository and a sender) was refused within the window: then nothing is read or answered. */
  muted(key: string): boolean;
  /** Records a refusal of `key`, now. */
  note(key: string): void;
}

/**
 * One refusal answered per sender and repository per window; later triggers of a refused sender in the window are
 * dropped before any request (no permission read, no reply), so that twenty `/uet` comments from an outsider cost
 * one read and one reply, not twenty of each. In memory, per app process: each replica (and a restarted process)
 * answers at most once per window on its own. Kept off GitHub on purpose: a marker there would be a write into
 * the repository that any outsider's comment could cause (ADR 0017).
 */
export function createRefusalLimiter(clock: Clock, windowMs = REFUSAL_WINDOW_MS): RefusalLimiter {
  const until = new Map<string, number>();
  return {
    muted(key) {
      const end = until.get(key);
      if (end === undefined) return false;
      if (clock.now() < end) return true;
      until.delete(key);
      return false;
    },
    note(key) {
      until.delete(key);
      until.set(key, clock.now() + windowMs);
      if (until.size > MAX_SENDERS) until.delete(until.keys().next().value!);
    },
  };
}
