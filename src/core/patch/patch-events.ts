import type { PatchLedgerEntry, PatchViolation } from '../contracts/index.js';
import type { EventBody, PatchEventData } from '../run/events.js';
import { boundText, RECORD_LIMITS } from '../run/record-limits.js';
import type { LedgerState } from './ledger-transitions.js';

/** A path fit for an event (a repo_path): events never carry escaping or control-character paths. */
const REPO_PATH = /^(?!\/)(?![A-Za-z]:)(?!\.\.(\/|$))(?!.*\/\.\.(\/|$)).+$/;
// eslint-disable-next-line no-control-regex -- control characters never go into an event
const CLEAN = /^[^\u0000-\u001f\u007f]+$/;
export const eventPaths = (paths: readonly (string | undefined)[]) =>
  [...new Set(paths.filter((p): p is string => p !== undefined && REPO_PATH.test(p) && CLEAN.test(p)))];

// eslint-disable-next-line no-control-regex -- these are what must not reach a terminal
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
/** A path safe to print: control, bidi and zero-width characters as \uXXXX, so a hostile path cannot drive a terminal. */
export const printablePath = (p: string) => p.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** "rule: path: message", one line per violation, for events, messages and the CLI; paths made printable. */
export const describeViolation = (v: PatchViolation) => `${v.rule}: ${v.path !== undefined ? `${printablePath(v.path)}: ` : ''}${v.message}`;

/** At most RECORD_LIMITS.reasons reasons, each at most RECORD_LIMITS.reason characters: a patch cannot flood the log. */
export function boundReasons(reasons: readonly string[]): string[] {
  const { reason, reasons: most } = RECORD_LIMITS;
  const kept = reasons.slice(0, reasons.length > most ? most - 1 : most).map((r) => boundText(r, reason));
  return reasons.length > most ? [...kept, `… and ${reasons.length - kept.length} more (the ledger entry has them all)`] : kept;
}

/** The patch_<state> event of an entry that just entered `state`. */
export function patchEvent(
  entry: PatchLedgerEntry,
  state: LedgerState,
  extra: Omit<PatchEventData, 'patch_id' | 'step_id' | 'attempt'> = {},
): EventBody {
  const data: PatchEventData = {
    patch_id: entry.patch_id,
    ...(entry.step_id !== undefined ? { step_id: entry.step_id } : {}),
    ...(entry.attempt !== undefined ? { attempt: entry.attempt } : {}),
    ...extra,
    ...(extra.reasons ? { reasons: boundReasons(extra.reasons) } : {}),
  };
  return { type: `patch_${state}`, data };
}
