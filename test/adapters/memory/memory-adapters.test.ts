import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../../src/adapters/memory/memory-event-store.js';
import { createVirtualClock } from '../../../src/adapters/memory/virtual-clock.js';
import { createSystemClock } from '../../../src/adapters/system-clock.js';
import { decodeTime } from 'ulid';
import { createCounterIdSource } from '../../../src/adapters/memory/counter-id-source.js';
import { createUlidSource } from '../../../src/adapters/ulid-source.js';
import type { RunEvent } from '../../../src/core/run/events.js';

const ev = (seq: number): RunEvent => ({
  event_id: `e${seq}`,
  run_id: 'r',
  seq,
  ts: '2024-01-01T00:00:00.000Z',
  type: 'run_started',
  data: {},
});

describe('memory event store', () => {
  it('appends and reads per run, without aliasing', async () => {
    const s = createMemoryEventStore();
    const batch = [ev(1), ev(2)];
    await s.append('r', batch);
    (batch[0] as { seq: number }).seq = 99;
    const read = await s.read('r');
    expect(read).toEqual([ev(1), ev(2)]);
    (read[1] as { seq: number }).seq = 42;
    expect((await s.read('r'))[1]!.seq).toBe(2);
    expect(await s.read('other')).toEqual([]);
    expect(await s.listRuns()).toEqual(['r']);
  });
});

describe('clocks', () => {
  it('the virtual clock advances on sleep at once', async () => {
    const c = createVirtualClock(1000);
    await c.sleep(500);
    expect(c.now()).toBe(1500);
    c.advance(10);
    c.set(5);
    expect(c.now()).toBe(5);
    const ctrl = new AbortController();
    ctrl.abort();
    await c.sleep(100, ctrl.signal);
    expect(c.now()).toBe(5);
  });

  it('the system clock sleeps, and wakes early on abort', async () => {
    const c = createSystemClock();
    const t0 = c.now();
    await c.sleep(20);
    expect(c.now() - t0).toBeGreaterThanOrEqual(15);
    const ctrl = new AbortController();
    const t1 = Date.now();
    setTimeout(() => ctrl.abort(), 10);
    await c.sleep(10_000, ctrl.signal);
    expect(Date.now() - t1).toBeLessThan(1000);
  });
});

describe('ulid source', () => {
  it('gives increasing ULIDs, from the injected clock when given', () => {
    const ids = createUlidSource();
    const a = ids.newId();
    const b = ids.newId();
    expect(a).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(b > a).toBe(true);
    const fixed = createUlidSource({ now: () => 1_700_000_000_000 });
    const [x, y] = [fixed.newId(), fixed.newId()];
    expect(decodeTime(x)).toBe(1_700_000_000_000);
    expect(y > x).toBe(true);
  });

  it('the counter source gives readable sequential ids', () => {
    const ids = createCounterIdSource('ev');
    expect([ids.newId(), ids.newId()]).toEqual(['ev-000001', 'ev-000002']);
  });
});
