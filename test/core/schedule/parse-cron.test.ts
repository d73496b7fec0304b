import { CronExpressionParser } from 'cron-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCron } from '../../../src/core/schedule/index.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const cronOf = (e: string) => {
  const r = parseCron(e);
  if (!r.ok) throw new Error(r.message);
  return r.cron;
};

describe('parseCron: GitHub-style five-field cron in UTC', () => {
  it('gives the latest slot at or before a time (the slot itself when on it) and the next ones after', () => {
    const c = cronOf('0 3 * * *');
    expect(iso(c.latestAtOrBefore(at('2026-03-10T03:00:00Z')))).toBe('2026-03-10T03:00:00.000Z');
    expect(iso(c.latestAtOrBefore(at('2026-03-10T02:59:59.999Z')))).toBe('2026-03-09T03:00:00.000Z');
    expect(c.nextAfter(at('2026-03-10T03:00:00Z'), 2).map(iso)).toEqual(['2026-03-11T03:00:00.000Z', '2026-03-12T03:00:00.000Z']);
  });

  it('matches either a restricted day of month or a restricted day of week (POSIX cron, as GitHub)', () => {
    // The 1st of each month, and every Monday: 2026-03-01 is a Sunday, 2026-03-02 a Monday.
    const c = cronOf('0 9 1 * 1');
    expect(c.nextAfter(at('2026-02-28T00:00:00Z'), 3).map(iso)).toEqual([
      '2026-03-01T09:00:00.000Z',
      '2026-03-02T09:00:00.000Z',
      '2026-03-09T09:00:00.000Z',
    ]);
  });

  it('takes month and weekday names, steps, ranges and lists', () => {
    expect(cronOf('*/20 6-7 * JAN,FEB MON-FRI').nextAfter(at('2026-02-27T07:50:00Z'), 2).map(iso)).toEqual([
      '2027-01-01T06:00:00.000Z', // the next weekday of January or February (a Friday)
      '2027-01-01T06:20:00.000Z',
    ]);
  });

  it.each([
    ['@daily', /@-names/],
    ['0 0 * * * *', /needs 5 fields/],
    ['0 0 * *', /needs 5 fields/],
    ['', /needs 5 fields/],
    ['0 0 L * *', /day of month field `L`/],
    ['0 0 ? * *', /day of month field/],
    ['0 0 * * 1#2', /day of week field/],
    ['0 25 * * *', /hour/],
    ['61 * * * *', /minute/],
    ['0 0 30 2 *', /never fires/],
    ['0 0 1 * FOO', /day of week field `FOO`/],
    ['0 0 1 * $(id)', /day of week field/],
  ])('refuses %j with a reason', (expression, reason) => {
    const r = parseCron(expression);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(reason);
  });

  it('agrees with cron-parser (another well-kept implementation) on random expressions and times', () => {
    const field = (min: number, max: number) =>
      fc.oneof(
        fc.constant('*'),
        fc.integer({ min, max }).map(String),
        fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
        fc.integer({ min: 1, max: Math.max(1, Math.floor((max - min) / 2)) }).map((s) => `*/${s}`),
        fc.uniqueArray(fc.integer({ min, max }), { minLength: 2, maxLength: 3 }).map((xs) => xs.join(',')),
      );
    const expression = fc.tuple(field(0, 59), field(0, 23), field(1, 28), field(1, 12), field(0, 6)).map((f) => f.join(' '));
    const time = fc.integer({ min: at('2024-01-01T00:00:00Z'), max: at('2030-12-31T00:00:00Z') });
    fc.assert(
      fc.property(expression, time, (e, t) => {
        const ours = cronOf(e);
        const theirs = (() => {
          const prev = CronExpressionParser.parse(e, { currentDate: new Date(t + 1), tz: 'UTC' }).prev().getTime();
          const next = CronExpressionParser.parse(e, { currentDate: new Date(t), tz: 'UTC' }).next().getTime();
          return { prev, next };
        })();
        expect(ours.latestAtOrBefore(t)).toBe(theirs.prev);
        expect(ours.nextAfter(t, 1)[0]).toBe(theirs.next);
      }),
      { numRuns: 150 },
    );
  });
});
