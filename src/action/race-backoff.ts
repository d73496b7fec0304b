import { ExponentialBackoff, decorrelatedJitterGenerator, type IBackoff } from 'cockatiel';

/** How many times an integrate job re-reads and pushes again after losing a compare-and-swap race. */
export const RACE_TRIES = 10;

/**
 * Waits before try `tries + 1` of a compare-and-swap push that lost a race (run branch or ledger): exponential with
 * decorrelated jitter from 100 ms, capped at 3 s (cockatiel), so that runners racing for one ref spread out instead
 * of colliding again. Parallel steps of one run all push to the same two refs, so a lost race is normal.
 */
export async function waitAfterLostRace(tries: number): Promise<void> {
  let backoff: IBackoff<unknown> = new ExponentialBackoff({
    generator: decorrelatedJitterGenerator,
    initialDelay: 100,
    maxDelay: 3_000,
  }).next();
  for (let i = 1; i < tries; i++) backoff = backoff.next(undefined);
  await new Promise((resolve) => setTimeout(resolve, backoff.duration));
}
