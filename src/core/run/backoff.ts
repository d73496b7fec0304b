import { ConstantBackoff, DelegateBackoff, ExponentialBackoff, decorrelatedJitterGenerator, type IBackoff } from 'cockatiel';
import type { Step } from '../contracts/index.js';
import { RESILIENCE_DEFAULTS } from '../bundle/defaults.js';

/**
 * The wait before retry number `retry` (1 = the first retry) of a step, in ms, from cockatiel's backoffs:
 * exponential with decorrelated jitter (the default), linear, or constant; always capped. The result is
 * recorded in the step_failed event (retry_at), so the jitter never makes a replay differ.
 */
export function retryDelayMs(resilience: Step['resilience'], retry: number): number {
  const initial = (resilience?.initial_backoff_seconds ?? RESILIENCE_DEFAULTS.initial_backoff_seconds) * 1000;
  const cap = (resilience?.max_backoff_seconds ?? RESILIENCE_DEFAULTS.max_backoff_seconds) * 1000;
  const strategy = resilience?.backoff_strategy ?? RESILIENCE_DEFAULTS.backoff_strategy;
  let backoff: IBackoff<unknown>;
  if (strategy === 'constant') backoff = new ConstantBackoff(initial).next();
  else if (strategy === 'linear') backoff = new DelegateBackoff<unknown, number>((_ctx, n = 0) => ({ delay: initial * (n + 1), state: n + 1 })).next(undefined);
  else backoff = new ExponentialBackoff({ generator: decorrelatedJitterGenerator, initialDelay: Math.max(initial, 1), maxDelay: Math.max(cap, 1) }).next();
  for (let i = 1; i < retry; i++) backoff = backoff.next(undefined);
  return Math.min(backoff.duration, cap);
}
