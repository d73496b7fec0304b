import { describe, expect, it } from 'vitest';
import {
  claimedSlots,
  decideScheduleSlot,
  parseCron,
  parseSlotKey,
  scheduleClaimKey,
  slotKey,
  staleSlots,
} from '../../../src/core/schedule/index.js';

const at = (iso: string) => Date.parse(iso);
const nightly = (() => {
  const r = parseCron('0 3 * * *');
  if (!r.ok) throw new Error(r.message);
  return r.cron;
})();

describe('decideScheduleSlot: which slot starts, fed the clock', () => {
  it('a schedule never seen takes its latest past slot as a baseline, without running it', () => {
    expect(decideScheduleSlot({ cron: nightly, now: at('2026-03-10T15:00:00Z'), claimed: [] })).toEqual({
      kind: 'baseline',
      slot: at('2026-03-10T03:00:00Z'),
    });
  });

  it('starts the latest slot once it passed, and nothing while it is claimed', () => {
    const claimed = [at('2026-03-10T03:00:00Z')];
    expect(decideScheduleSlot({ cron: nightly, now: at('2026-03-11T02:59:00Z'), claimed })).toEqual({ kind: 'none' });
    expect(decideScheduleSlot({ cron: nightly, now: at('2026-03-11T03:00:00Z'), claimed })).toEqual({
      kind: 'start',
      slot: at('2026-03-11T03:00:00Z'),
    });
    expect(
      decideScheduleSlot({ cron: nightly, now: at('2026-03-11T03:04:00Z'), claimed: [...claimed, at('2026-03-11T03:00:00Z')] }),
    ).toEqual({ kind: 'none' });
  });

  it('after a week down, catches up only the last missed slot', () => {
    const d = decideScheduleSlot({ cron: nightly, now: at('2026-03-17T10:00:00Z'), claimed: [at('2026-03-10T03:00:00Z')] });
    expect(d).toEqual({ kind: 'start', slot: at('2026-03-17T03:00:00Z') });
  });

  it('never starts a slot older than a claimed one (a cron changed to an earlier time of day)', () => {
    const early = parseCron('0 1 * * *');
    if (!early.ok) throw new Error(early.message);
    // 03:00 of today ran; the new cron's latest slot is 01:00 today, before it: nothing until tomorrow 01:00.
    const claimed = [at('2026-03-10T03:00:00Z')];
    expect(decideScheduleSlot({ cron: early.cron, now: at('2026-03-10T12:00:00Z'), claimed })).toEqual({ kind: 'none' });
    expect(decideScheduleSlot({ cron: early.cron, now: at('2026-03-11T01:00:00Z'), claimed })).toMatchObject({ kind: 'start' });
  });

  it('keeps the newest two claims of a schedule and names the others for deletion', () => {
    const slots = ['2026-03-08', '2026-03-10', '2026-03-09', '2026-03-07'].map((d) => at(`${d}T03:00:00Z`));
    expect(staleSlots(slots).sort()).toEqual([at('2026-03-07T03:00:00Z'), at('2026-03-08T03:00:00Z')].sort());
  });
});

describe('slot keys in claim refs', () => {
  it('round-trip a minute in UTC, with no character a ref refuses', () => {
    const t = at('2026-03-10T03:05:00Z');
    expect(slotKey(t)).toBe('20260310T0305Z');
    expect(parseSlotKey(slotKey(t))).toBe(t);
    expect(scheduleClaimKey('nightly', t)).toBe('schedule-nightly-20260310T0305Z');
    expect(parseSlotKey('20261310T0305Z')).toBeUndefined();
    expect(parseSlotKey('x')).toBeUndefined();
  });

  it("reads a schedule's claimed slots, not another schedule's whose id starts the same", () => {
    const keys = ['schedule-a-20260310T0300Z', 'schedule-a-b-20260311T0300Z', 'schedule-a-junk', 'onboarding'];
    expect(claimedSlots('a', keys)).toEqual([at('2026-03-10T03:00:00Z')]);
    expect(claimedSlots('a-b', keys)).toEqual([at('2026-03-11T03:00:00Z')]);
  });
});
