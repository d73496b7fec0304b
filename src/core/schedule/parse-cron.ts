import { Cron } from 'croner';

/** A parsed schedule expression: five fields, in UTC, as GitHub Actions' `on.schedule` reads them. */
export interface CronSchedule {
  readonly expression: string;
  /** The latest fire time at or before `at` (ms), or undefined when there was none. */
  latestAtOrBefore(at: number): number | undefined;
  /** The next `n` fire times strictly after `at` (ms). */
  nextAfter(at: number, n: number): number[];
}

export type CronResult = { ok: true; cron: CronSchedule } | { ok: false; message: string };

/** What each field may hold: numbers, `*`, `,`, `-`, `/`, and month and weekday names (GitHub's operators). */
const FIELD = /^[0-9A-Za-z*,\-/]+$/;
const NAMES = /^(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|SUN|MON|TUE|WED|THU|FRI|SAT)$/i;
const FIELD_NAMES = ['minute', 'hour', 'day of month', 'month', 'day of week'] as const;

/**
 * Parses a GitHub-style cron expression: exactly five fields (minute, hour, day of month, month, day of week), in
 * UTC, with `*`, `,`, `-` and `/`, and names for months and weekdays. A day of month and a day of week that are both
 * restricted match either (POSIX cron, as GitHub does). Extensions GitHub does not take (`@daily`, seconds, `L`,
 * `W`, `#`, `?`) are refused, and so is an expression that never fires (`0 0 30 2 *`). The arithmetic is croner's
 * (pinned), in its 5-part mode. Pure: the time is always given.
 */
export function parseCron(expression: string): CronResult {
  const text = expression.trim();
  if (text.startsWith('@'))
    return { ok: false, message: `\`${text.slice(0, 20)}\` is not supported: write the five fields (GitHub does not take @-names)` };
  const fields = text.split(/\s+/);
  if (fields.length !== 5)
    return { ok: false, message: `needs 5 fields (minute hour day-of-month month day-of-week), got ${text ? fields.length : 0}` };
  for (const [i, f] of fields.entries()) {
    const words = f.match(/[A-Za-z]+/g) ?? [];
    const bad = words.find((w) => !NAMES.test(w));
    if (!FIELD.test(f) || bad !== undefined)
      return { ok: false, message: `the ${FIELD_NAMES[i]} field \`${f.slice(0, 20)}\` may hold only numbers, names, *, ",", - and /` };
  }
  let cron: Cron;
  try {
    cron = new Cron(text, { timezone: 'UTC', mode: '5-part', domAndDow: false, paused: true });
  } catch (error) {
    return { ok: false, message: (error as Error).message.replace(/^CronPattern: /, '') };
  }
  // A pattern that matches no date (the 30th of February) fires never: croner finds no run within its search.
  if (cron.nextRun(new Date(0)) === null) return { ok: false, message: 'never fires (no date matches it)' };
  return {
    ok: true,
    cron: {
      expression: text,
      latestAtOrBefore: (at) => cron.previousRuns(1, new Date(at + 1))[0]?.getTime(),
      nextAfter: (at, n) => cron.nextRuns(n, new Date(at)).map((d) => d.getTime()),
    },
  };
}
