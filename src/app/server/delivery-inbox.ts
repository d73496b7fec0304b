import { createDedupeCache } from './dedupe-cache.js';
import type { InboxSpool, SpooledDelivery } from './inbox-spool.js';

/**
 * A verified webhook delivery. The body stays the raw bytes as signed, outside the JavaScript heap, until the
 * delivery is handled: a queue of thousands of them costs the HTTP front no garbage collection, and it is parsed
 * where the handlers run (`parseDeliveryPayload`), not before the 202.
 */
export interface Delivery {
  readonly id: string;
  readonly name: string;
  readonly body: Buffer;
}

/** The delivery's JSON payload, parsed where it is handled; throws with the reason when the body is not JSON. */
export function parseDeliveryPayload(body: Uint8Array): unknown {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`body is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

export interface InboxLog {
  error(message: string): void;
  warn(message: string): void;
}

export interface InboxOptions {
  /** Handles one delivery (`probot.receive`); it resolves once the handlers are done. */
  readonly receive: (delivery: Delivery) => Promise<void>;
  readonly log: InboxLog;
  /** Deliveries handled at once (default 10). */
  readonly concurrency?: number;
  /** Deliveries waiting beyond which new ones are refused (default 5,000): memory stays bounded. */
  readonly maxQueued?: number;
  /** Delivery ids remembered for the dedupe (default 10,000). */
  readonly dedupeSize?: number;
  /** A disk copy of each queued delivery, removed once handled, so that a restart resumes the queue. */
  readonly spool?: InboxSpool;
}

export type Offer = 'queued' | 'duplicate' | 'full' | 'closed';

export interface InboxStats {
  readonly queued: number;
  readonly running: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly refused: number;
  readonly processed: number;
  readonly failed: number;
}

export interface DeliveryInbox {
  /** Takes a delivery for processing in the background; `spooled` is its raw form for the disk copy. */
  offer(delivery: Delivery, spooled?: SpooledDelivery): Promise<Offer>;
  /** Stops taking deliveries and waits until the queue is empty, or `timeoutMs` passed. */
  drain(timeoutMs: number): Promise<{ drained: boolean; pending: number }>;
  stats(): InboxStats;
}

/**
 * The local inbox behind the fast acknowledgement: the HTTP layer answers 202 as soon as a delivery is verified and
 * queued here, and the inbox hands it to Probot with bounded concurrency. Duplicate delivery ids are dropped; a
 * failed delivery is logged (never thrown) and forgotten by the dedupe, so that GitHub's "Redeliver" works. The
 * inbox is only a cache: what it loses (a crash), the reconciler recovers from GitHub.
 */
export function createDeliveryInbox(options: InboxOptions): DeliveryInbox {
  const concurrency = options.concurrency ?? 10;
  const maxQueued = options.maxQueued ?? 5_000;
  const seen = createDedupeCache(options.dedupeSize ?? 10_000);
  const queue: Delivery[] = [];
  const idle: (() => void)[] = [];
  let running = 0;
  let closed = false;
  const counts = { accepted: 0, duplicates: 0, refused: 0, processed: 0, failed: 0 };

  const settle = () => {
    if (queue.length === 0 && running === 0) for (const wake of idle.splice(0)) wake();
  };
  const handle = async (delivery: Delivery) => {
    try {
      await options.receive(delivery);
      counts.processed++;
    } catch (error) {
      counts.failed++;
      seen.forget(delivery.id);
      options.log.error(`uet: delivery ${delivery.id} (${delivery.name}) failed: ${describe(error)}`);
    }
    try {
      await options.spool?.remove(delivery.id);
    } catch (error) {
      options.log.warn(`uet: inbox spool: ${describe(error)}`);
    }
  };
  const pump = () => {
    while (running < concurrency && queue.length > 0) {
      const next = queue.shift()!;
      running++;
      void handle(next).finally(() => {
        running--;
        pump();
        settle();
      });
    }
  };

  return {
    async offer(delivery, spooled) {
      if (closed) return 'closed';
      if (queue.length >= maxQueued) {
        counts.refused++;
        return 'full';
      }
      if (!seen.add(delivery.id)) {
        counts.duplicates++;
        return 'duplicate';
      }
      if (options.spool && spooled) {
        try {
          await options.spool.save(spooled);
        } catch (error) {
          // The spool is a cache too: the delivery is still processed, only not resumable after a crash.
          options.log.warn(`uet: inbox spool: ${describe(error)}`);
        }
      }
      counts.accepted++;
      queue.push(delivery);
      pump();
      return 'queued';
    },
    async drain(timeoutMs) {
      closed = true;
      if (queue.length > 0 || running > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => idle.push(resolve)),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
        ]);
        clearTimeout(timer);
      }
      // What did not start in time stays in the spool (if any) for the next start; nothing new starts now.
      const pending = queue.splice(0).length + running;
      return { drained: pending === 0, pending };
    },
    stats: () => ({ queued: queue.length, running, ...counts }),
  };
}

function describe(error: unknown): string {
  const errors = error instanceof AggregateError ? error.errors : [error];
  return errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ');
}
