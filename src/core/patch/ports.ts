import type { PatchArtifact, PatchLedgerEntry } from '../contracts/index.js';
import type { LedgerState } from './ledger-transitions.js';

export interface LedgerQuery {
  readonly runId?: string;
  readonly state?: LedgerState;
}

export interface LedgerWriteOptions {
  /**
   * The entry records what the run branch already holds (committed after the ref moved): the write is atomic (the
   * old or the new version, never a torn one) but its rename is not forced to disk. It is durable once the next
   * durable ledger write returns; a power loss before that leaves the previous version (validated) beside the
   * commit, the state a crash between the ref update and the write always left, which resume reconciles from the
   * commit's trailers (ADR 0007 point 5). git does not fsync the ref either (core.fsync's default).
   */
  readonly reconcilable?: boolean;
}

/** A later version of an entry, durable but not yet in place (LedgerStore.prepare). */
export interface PreparedLedgerWrite {
  /** Puts the version in place as a reconcilable write (atomic; durable with the next durable ledger write). */
  publish(): Promise<void>;
  /** Drops it; the version on record is untouched. */
  discard(): Promise<void>;
}

/**
 * Where ledger entries live. Locally: `.uet/ledger/patches/<patch_id>.json` beside its `.diff`, written atomically;
 * on GitHub: artifacts and commits. Entries are only ever replaced by later versions of themselves, never deleted.
 */
export interface LedgerStore {
  /** Writes the entry (and, the first time, its artifact and diff) atomically; durable when it resolves, unless reconcilable. */
  write(entry: PatchLedgerEntry, artifact?: PatchArtifact, options?: LedgerWriteOptions): Promise<void>;
  /**
   * Optional: writes a later version of the entry durably where no reader looks yet, for publish() to put in place
   * once what it records has happened (the committed entry, prepared while the run branch moves).
   */
  prepare?(entry: PatchLedgerEntry): Promise<PreparedLedgerWrite>;
  /** Keeps a quarantined patch's artifact, diff and reasons where the error pipeline looks (never deleted). */
  quarantine(entry: PatchLedgerEntry, artifact: PatchArtifact): Promise<void>;
  read(patchId: string): Promise<PatchLedgerEntry | null>;
  readArtifact(patchId: string): Promise<PatchArtifact | null>;
  /** Entries matching the query, oldest first. */
  list(query?: LedgerQuery): Promise<PatchLedgerEntry[]>;
  /** The patch_path of an entry (where its diff is kept). */
  diffPath(patchId: string): string;
  /** The quarantine.path of an entry. */
  quarantinePath(patchId: string): string;
}
