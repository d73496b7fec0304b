import type { Clock } from '../../core/ports.js';

export interface VirtualClock extends Clock {
  /** Sets the time (ms since the epoch). */
  set(ms: number): void;
  advance(ms: number): void;
}

/**
 * A clock for simulations: `now()` is a counter, and `sleep(ms)` advances it by `ms` at once and resolves
 * (on a microtask). Concurrent sleeps add up; a sleep whose signal is already aborted resolves without advancing.
 */
export function createVirtualClock(startMs = 0): VirtualClock {
  let now = startMs;
  return {
    now: () => now,
    set(ms) {
      now = ms;
    },
    advance(ms) {
      now += Math.max(0, ms);
    },
    sleep(ms, signal) {
      if (!signal?.aborted) now += Math.max(0, ms);
      return Promise.resolve();
    },
  };
}
