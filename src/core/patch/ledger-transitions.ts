import type {
  LedgerApplicationAttempt,
  LedgerQuarantine,
  LedgerValidationResult,
  PatchLedgerEntry,
} from '../contracts/index.js';
import { InvariantError } from '../errors.js';

export type LedgerState = PatchLedgerEntry['state'];

/** The legal transitions of ADR 0002. Enforced here and nowhere else: anything not listed is a bug. */
export const LEDGER_TRANSITIONS: Readonly<Record<LedgerState, readonly LedgerState[]>> = {
  created: ['validated', 'rejected', 'quarantined', 'dropped'],
  validated: ['applied', 'conflicted', 'quarantined', 'superseded', 'dropped'],
  applied: ['committed', 'dropped'],
  conflicted: ['applied', 'superseded', 'dropped'],
  committed: ['rolled_back'],
  rejected: [],
  quarantined: [],
  rolled_back: [],
  superseded: [],
  dropped: [],
};

export const isTerminalLedgerState = (s: LedgerState) => LEDGER_TRANSITIONS[s].length === 0;
export const canTransition = (from: LedgerState, to: LedgerState) => LEDGER_TRANSITIONS[from].includes(to);

export interface NewLedgerEntry {
  readonly patchId: string;
  readonly runId: string;
  readonly wsId?: string;
  readonly stepId?: string;
  readonly attempt?: number;
  readonly chainId: string;
  readonly replaces?: string;
  readonly rollbackOf?: string;
  readonly fingerprints?: readonly string[];
  readonly patchPath?: string;
  readonly at: string;
  readonly reason: string;
}

/** A ledger entry in state created, its history starting with {from: null, to: created}. */
export function createLedgerEntry(n: NewLedgerEntry): PatchLedgerEntry {
  return {
    patch_id: n.patchId,
    run_id: n.runId,
    ...(n.wsId !== undefined ? { ws_id: n.wsId } : {}),
    ...(n.stepId !== undefined ? { step_id: n.stepId } : {}),
    ...(n.attempt !== undefined ? { attempt: n.attempt } : {}),
    state: 'created',
    state_history: [{ from: null, to: 'created', at: n.at, reason: n.reason }],
    validation_results: [],
    application_attempts: [],
    relationships: {
      chain_id: n.chainId,
      ...(n.replaces !== undefined ? { replaces: n.replaces } : {}),
      ...(n.rollbackOf !== undefined ? { rollback_of: n.rollbackOf } : {}),
    },
    ...(n.fingerprints ? { hunk_fingerprints: [...n.fingerprints] } : {}),
    ...(n.patchPath !== undefined ? { patch_path: n.patchPath } : {}),
    created_at: n.at,
    updated_at: n.at,
  };
}

export interface LedgerChange {
  readonly at: string;
  readonly reason: string;
  readonly commit?: string;
  readonly quarantine?: LedgerQuarantine;
  /** Check results to append. */
  readonly validation?: readonly LedgerValidationResult[];
  /** An application try to append. */
  readonly application?: Omit<LedgerApplicationAttempt, 'attempt'>;
  readonly supersededBy?: string;
  readonly rolledBackBy?: string;
}

/**
 * The one place ledger states change. Returns the entry in state `to`, with the transition (time, reason) appended
 * to its history and the change's records added. Throws InvariantError on an illegal transition, and on a
 * quarantine without its record, a commit without its SHA, or a rollback without the patch that reverted it.
 */
export function transitionLedgerEntry(entry: PatchLedgerEntry, to: LedgerState, change: LedgerChange): PatchLedgerEntry {
  const from = entry.state;
  if (!canTransition(from, to))
    throw new InvariantError(`patch ${entry.patch_id}: illegal ledger transition ${from} -> ${to} (${change.reason})`);
  if (to === 'quarantined' && !change.quarantine) throw new InvariantError(`patch ${entry.patch_id}: quarantined without a quarantine record`);
  const commit = change.commit ?? entry.commit;
  if (to === 'committed' && commit === undefined) throw new InvariantError(`patch ${entry.patch_id}: committed without a commit`);
  if (to === 'rolled_back' && change.rolledBackBy === undefined) throw new InvariantError(`patch ${entry.patch_id}: rolled back without its rollback patch`);
  const attempts = entry.application_attempts ?? [];
  return {
    ...entry,
    state: to,
    state_history: [...entry.state_history, { from, to, at: change.at, reason: change.reason }],
    validation_results: [...(entry.validation_results ?? []), ...(change.validation ?? [])],
    application_attempts: change.application ? [...attempts, { attempt: attempts.length + 1, ...change.application }] : attempts,
    ...(change.quarantine ? { quarantine: change.quarantine } : {}),
    ...(commit !== undefined ? { commit } : {}),
    relationships: {
      ...entry.relationships,
      ...(change.supersededBy !== undefined ? { superseded_by: change.supersededBy } : {}),
      ...(change.rolledBackBy !== undefined ? { rolled_back_by: change.rolledBackBy } : {}),
    },
    updated_at: change.at,
  };
}
