import type { PatchLedgerEntry } from '../core/contracts/index.js';
import { describeViolation, patchEvent, transitionLedgerEntry, type LedgerState } from '../core/patch/index.js';
import type { EventBody } from '../core/run/index.js';

export interface Ledgered {
  readonly entry?: PatchLedgerEntry;
  readonly events: EventBody[];
}

/** Walks a new ledger entry through `path`, with the patch_<state> event of every state entered. */
export function walkLedgerEntry(base: PatchLedgerEntry, path: readonly [LedgerState, Parameters<typeof transitionLedgerEntry>[2]][], paths: string[]): Ledgered {
  let entry = base;
  const events: EventBody[] = [patchEvent(entry, 'created', { paths })];
  for (const [to, change] of path) {
    entry = transitionLedgerEntry(entry, to, change);
    events.push(
      patchEvent(entry, to, {
        ...(change.commit !== undefined ? { commit: change.commit } : {}),
        ...(change.quarantine ? { quarantine_reason: change.quarantine.reason, reasons: change.quarantine.reasons.map(describeViolation) } : {}),
        ...(to !== 'committed' && to !== 'quarantined' ? { paths } : {}),
      }),
    );
  }
  return { entry, events };
}
