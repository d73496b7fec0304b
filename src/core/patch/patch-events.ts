import type { PatchLedgerEntry, PatchViolation } from '../contracts/index.js';
import type { EventBody, PatchEventData } from '../run/events.js';
import type { LedgerState } from './ledger-transitions.js';

/** A path fit for an event (a repo_path): events never carry escaping or control-character paths. */
const REPO_PATH = /^(?!\/)(?![A-Za-z]:)(?!\.\.(\/|$))(?!.*\/\.\.(\/|$)).+$/;
// eslint-disable-next-line no-control-regex -- control characters never go into an event
const CLEAN = /^[^\u0000-\u001f\u007f]+$/;
export const eventPaths = (paths: readonly (string | undefined)[]) =>
  [...new Set(paths.filter((p): p is string => p !== undefined && REPO_PATH.test(p) && CLEAN.test(p)))];

/** "rule: path: message", one line per violation, for events, messages and the CLI. */
export const describeViolation = (v: PatchViolation) => `${v.rule}: ${v.path !== undefined ? `${v.path}: ` : ''}${v.message}`;

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
  };
  return { type: `patch_${state}`, data };
}
