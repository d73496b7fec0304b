import { describe, expect, it } from 'vitest';
import { createDedupeCache } from '../../src/app/server/dedupe-cache.js';
import { createDeliveryInbox, type Delivery } from '../../src/app/server/delivery-inbox.js';

const delivery = (id: string): Delivery => ({ id, name: 'issue_comment', body: Buffer.from('{}') });

function quietLog() {
  const lines: string[] = [];
  return {
    lines,
    log: { error: (m: string) => void lines.push(m), warn: (m: string) => void lines.push(m) },
  };
}

describe('the delivery inbox', () => {
  it('refuses deliveries past maxQueued (memory stays bounded) and after drain', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { log } = quietLog();
    const inbox = createDeliveryInbox({ receive: () => gate, log, concurrency: 1, maxQueued: 2 });
    expect(await inbox.offer(delivery('a'))).toBe('queued'); // running
    expect(await inbox.offer(delivery('b'))).toBe('queued');
    expect(await inbox.offer(delivery('c'))).toBe('queued');
    expect(await inbox.offer(delivery('d'))).toBe('full');
    expect(inbox.stats()).toMatchObject({ queued: 2, running: 1, accepted: 3, refused: 1 });
    release();
    expect(await inbox.drain(1_000)).toEqual({ drained: true, pending: 0 });
    expect(await inbox.offer(delivery('e'))).toBe('closed');
    expect(inbox.stats()).toMatchObject({ processed: 3, failed: 0 });
  });

  it('logs a failure as one line with every error of an AggregateError', async () => {
    const { lines, log } = quietLog();
    const inbox = createDeliveryInbox({
      receive: () =>
        Promise.reject(new AggregateError([new Error('502 from GitHub'), new Error('and another')])),
      log,
    });
    await inbox.offer(delivery('x-1'));
    await inbox.drain(1_000);
    expect(lines).toEqual(['uet: delivery x-1 (issue_comment) failed: 502 from GitHub; and another']);
  });
});

describe('the dedupe cache', () => {
  it('forgets the oldest id past its capacity, and an id on request', () => {
    const seen = createDedupeCache(2);
    expect([seen.add('a'), seen.add('b'), seen.add('a')]).toEqual([true, true, false]);
    expect(seen.add('c')).toBe(true); // a is forgotten
    expect([seen.add('a'), seen.size]).toEqual([true, 2]);
    seen.forget('a');
    expect(seen.add('a')).toBe(true);
    expect(() => createDedupeCache(0)).toThrow(/dedupe capacity must be ≥ 1/);
  });
});
