/** Small formatters shared by the CLI's renderers. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  const h = ms / 3_600_000;
  return h < 48 ? `${h.toFixed(1)} hours` : `${(h / 24).toFixed(1)} days`;
}

export const formatUsd = (usd: number) => `$${usd.toFixed(2)}`;

export { plural } from '../../core/plural.js';

/** A time zone for Intl: the TZ variable when it names one, else the system's. */
function zoneOf(tz: string | undefined): string | undefined {
  if (!tz) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz.replace(/^:/, '') });
    return tz.replace(/^:/, '');
  } catch {
    return undefined;
  }
}

function parts(ms: number, tz: string | undefined): Record<string, string> {
  const zone = zoneOf(tz);
  const format = new Intl.DateTimeFormat('en-US', {
    ...(zone ? { timeZone: zone } : {}),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  return Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
}

/** Local wall-clock time, `15:47:46` (the zone is stated once elsewhere: see formatZone). */
export function formatClock(ms: number, tz?: string): string {
  const p = parts(ms, tz);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** The local time zone's short name, such as `CET`, `GMT+2` or `UTC`. */
export function formatZone(ms: number, tz?: string): string {
  return parts(ms, tz).timeZoneName ?? 'UTC';
}

/** Local date and time with its zone: `2026-12-07 15:47:46 CET`. */
export function formatDateTime(ms: number, tz?: string): string {
  const p = parts(ms, tz);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${p.timeZoneName ?? 'UTC'}`;
}
