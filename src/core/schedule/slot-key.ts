/**
 * A schedule slot as it appears in a claim ref name: `20260310T0000Z` (UTC, to the minute; refs may not hold `:`).
 * Cron slots are whole minutes, so the key names the slot exactly.
 */
export function slotKey(slotMs: number): string {
  return new Date(slotMs).toISOString().replace(/[-:]/g, '').replace(/\d\d\.\d{3}Z$/, 'Z');
}

/** The slot a key names, or undefined for anything else. */
export function parseSlotKey(key: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z$/.exec(key);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  return slotKey(ms) === key ? ms : undefined;
}

/** The claim key of a schedule's slot (under refs/uet/claims/): `schedule-<id>-<slot>`. */
export const scheduleClaimKey = (scheduleId: string, slotMs: number) => `schedule-${scheduleId}-${slotKey(slotMs)}`;

/** The slots claimed for a schedule, from claim keys (`schedule-<id>-<slot>`; other keys are ignored). */
export function claimedSlots(scheduleId: string, keys: readonly string[]): number[] {
  const prefix = `schedule-${scheduleId}-`;
  return keys.flatMap((k) => {
    if (!k.startsWith(prefix)) return [];
    const slot = parseSlotKey(k.slice(prefix.length));
    return slot === undefined ? [] : [slot];
  });
}
