import type { PatchArtifact, PatchLedgerEntry } from '../contracts/index.js';
import type { LedgerState } from './ledger-transitions.js';

export interface LedgerQuery {
  readonly runId?: string;
  readonly state?: LedgerState;
}

/**
 * Where ledger entries live. Locally: `.uet/ledger/patches/<patch_id>.json` beside its `.diff`, written atomically;
 * on GitHub: artifacts and commits. Entries are only ever replaced by later versions of themselves, never deleted.
 */
export interface LedgerStore {
  /** Writes the entry (and, the first time, its artifact and diff) atomically; durable when it resolves. */
  write(entry: PatchLedgerEntry, artifact?: PatchArtifact): Promise<void>;
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
