import type { PatchLedgerEntry } from '../contracts/index.js';
import type { EventBody } from '../run/events.js';
import { isTerminalLedgerState, transitionLedgerEntry, type LedgerState } from './ledger-transitions.js';
import { patchEvent } from './patch-events.js';
import type { PatchPipelinePorts } from './process-patch.js';

/** The states a patch passes through to reach committed from an unfinished state. */
const TO_COMMITTED: Partial<Record<LedgerState, LedgerState[]>> = {
  created: ['validated', 'applied', 'committed'],
  validated: ['applied', 'committed'],
  conflicted: ['applied', 'committed'],
  applied: ['committed'],
};

const unfinished = (e: PatchLedgerEntry) => !isTerminalLedgerState(e.state) && e.state !== 'committed';

/**
 * Resume, case 1: the run branch holds `commit`, made from `entry` (its UET-Patch trailer says so), but the process
 * died before the ledger said so. The entry moves on to committed, each step recorded as reconciled; nothing is
 * applied again. Other unfinished patches of the same chain are dropped. Returns the patch_* events.
 */
export async function reconcileCommitted(
  ports: PatchPipelinePorts,
  entry: PatchLedgerEntry,
  commit: string,
  chain: readonly PatchLedgerEntry[],
): Promise<EventBody[]> {
  const at = new Date(ports.clock.now()).toISOString();
  const events: EventBody[] = [];
  let e = entry;
  for (const to of TO_COMMITTED[e.state] ?? []) {
    e = transitionLedgerEntry(e, to, {
      at,
      reason: `reconciled on resume: commit ${commit.slice(0, 12)} on the run branch carries this patch`,
      ...(to === 'applied' ? { application: { at, result: 'applied' as const, commit } } : {}),
      ...(to === 'committed' ? { commit } : {}),
    });
    events.push(patchEvent(e, to, to === 'committed' ? { commit } : {}));
  }
  if (e !== entry) {
    await ports.ledger.write(e);
    ports.runLedger?.remember(e);
  }
  for (const other of chain) {
    if (other.patch_id === entry.patch_id || !unfinished(other)) continue;
    events.push(...(await retire(ports, other, entry.patch_id, `patch ${entry.patch_id} of the same step reached the run branch`)));
  }
  return events;
}

async function retire(ports: PatchPipelinePorts, e: PatchLedgerEntry, by: string, why: string): Promise<EventBody[]> {
  const at = new Date(ports.clock.now()).toISOString();
  const superseded = e.state === 'validated' || e.state === 'conflicted';
  const to: LedgerState = superseded ? 'superseded' : 'dropped';
  const next = transitionLedgerEntry(e, to, { at, reason: why, ...(superseded ? { supersededBy: by } : {}) });
  await ports.ledger.write(next);
  ports.runLedger?.remember(next);
  return [patchEvent(next, to, { related_patch_id: by, reasons: [why] })];
}

/**
 * Resume, case 2, and every retry: before a new attempt's patch enters the ledger, the unfinished patches of its
 * chain are retired: validated and conflicted ones are superseded by the new patch, created and applied ones
 * (whose attempt died before committing) are dropped. Returns the patch_* events and the id the new patch replaces
 * (the chain's latest patch, whatever its state).
 */
export async function retireChain(
  ports: PatchPipelinePorts,
  chain: readonly PatchLedgerEntry[],
  newPatchId: string,
  attempt: number | undefined,
): Promise<{ events: EventBody[]; replaces?: string }> {
  const events: EventBody[] = [];
  const why = `attempt ${attempt ?? '?'} of the step made a new patch, ${newPatchId}`;
  for (const e of chain) if (unfinished(e)) events.push(...(await retire(ports, e, newPatchId, why)));
  const latest = chain.at(-1);
  return { events, ...(latest ? { replaces: latest.patch_id } : {}) };
}
