import type { PatchLedgerEntry } from '../contracts/index.js';
import { createOscillationIndex, type OscillationIndex } from './oscillation-index.js';
import type { LedgerStore } from './ports.js';

/** The ledger of one run as a process keeps it in memory: its chains and its oscillation index. */
export interface RunLedger {
  readonly runId: string;
  readonly index: OscillationIndex;
  /** The entries of a chain (one step across its attempts), oldest first. */
  chain(chainId: string): PatchLedgerEntry[];
  get(patchId: string): PatchLedgerEntry | undefined;
  /** Takes in the latest version of an entry; a newly committed one enters the oscillation index. */
  remember(entry: PatchLedgerEntry): void;
}

const committedAt = (e: PatchLedgerEntry) => e.state_history.find((t) => t.to === 'committed')?.at ?? e.updated_at;

/** A run ledger built from entries: committed ones enter the index in commit order. */
export function createRunLedger(runId: string, entries: readonly PatchLedgerEntry[] = []): RunLedger {
  const index = createOscillationIndex();
  const byId = new Map<string, PatchLedgerEntry>();
  const chains = new Map<string, string[]>();
  const indexed = new Set<string>();
  const remember = (e: PatchLedgerEntry) => {
    if (!byId.has(e.patch_id)) {
      const ids = chains.get(e.relationships.chain_id) ?? [];
      ids.push(e.patch_id);
      chains.set(e.relationships.chain_id, ids);
    }
    byId.set(e.patch_id, e);
    if (e.commit !== undefined && !indexed.has(e.patch_id) && (e.state === 'committed' || e.state === 'rolled_back')) {
      indexed.add(e.patch_id);
      index.add({ patchId: e.patch_id, chainId: e.relationships.chain_id, fingerprints: e.hunk_fingerprints ?? [] });
    }
  };
  const ordered = [...entries].sort((a, b) => {
    const [x, y] = [committedAt(a), committedAt(b)];
    return x < y ? -1 : x > y ? 1 : a.patch_id < b.patch_id ? -1 : 1;
  });
  for (const e of ordered) remember(e);
  return {
    runId,
    index,
    chain: (chainId) => (chains.get(chainId) ?? []).map((id) => byId.get(id)!).sort((a, b) => (a.patch_id < b.patch_id ? -1 : 1)),
    get: (id) => byId.get(id),
    remember,
  };
}

/** Loads a run's ledger from the store (once per process; later changes go through remember). */
export async function loadRunLedger(store: LedgerStore, runId: string): Promise<RunLedger> {
  return createRunLedger(runId, await store.list({ runId }));
}

/** The chain id of a step's patches: `<run_id>/<step_id>`. */
export const chainIdOf = (runId: string, stepId: string) => `${runId}/${stepId}`;
