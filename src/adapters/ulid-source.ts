import { monotonicFactory } from 'ulid';
import type { Clock, IdSource } from '../core/ports.js';

/**
 * ULIDs, strictly increasing within the source even within one millisecond. Their time part comes from `clock` if
 * given (the ulid package treats time 0 as "now", so a virtual clock at 0 gives wall-clock ULIDs).
 */
export function createUlidSource(clock?: Pick<Clock, 'now'>): IdSource {
  const next = monotonicFactory();
  return { newId: () => (clock ? next(clock.now()) : next()) };
}
