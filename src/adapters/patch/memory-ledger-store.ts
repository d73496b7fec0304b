import type { PatchArtifact, PatchLedgerEntry } from '../../core/contracts/index.js';
import type { LedgerStore } from '../../core/patch/index.js';

export interface MemoryLedgerStore extends LedgerStore {
  readonly entries: Map<string, PatchLedgerEntry>;
  readonly artifacts: Map<string, PatchArtifact>;
  readonly quarantined: Map<string, { artifact: PatchArtifact; entry: PatchLedgerEntry }>;
  /** Every write, in order (patch id, state, and whether it was reconcilable), to check what was durable when. */
  readonly writes: { patchId: string; state: PatchLedgerEntry['state']; reconcilable: boolean; prepared?: true }[];
  /** How many prepared writes were discarded. */
  readonly prepared: { discarded: number };
}

/** A LedgerStore in memory, for tests and simulations; entries are copied in and out. */
export function createMemoryLedgerStore(): MemoryLedgerStore {
  const entries = new Map<string, PatchLedgerEntry>();
  const artifacts = new Map<string, PatchArtifact>();
  const quarantined = new Map<string, { artifact: PatchArtifact; entry: PatchLedgerEntry }>();
  const writes: MemoryLedgerStore['writes'] = [];
  const prepared = { discarded: 0 };
  const copy = <T>(x: T): T => structuredClone(x);
  return {
    entries,
    artifacts,
    quarantined,
    writes,
    prepared,
    write(entry, artifact, options) {
      entries.set(entry.patch_id, copy(entry));
      if (artifact) artifacts.set(entry.patch_id, copy(artifact));
      writes.push({ patchId: entry.patch_id, state: entry.state, reconcilable: options?.reconcilable === true });
      return Promise.resolve();
    },
    prepare(entry) {
      const staged = copy(entry);
      let done = false;
      return Promise.resolve({
        publish: () => {
          if (done) return Promise.reject(new Error('memory ledger: prepared write already published or discarded'));
          done = true;
          entries.set(staged.patch_id, staged);
          writes.push({ patchId: staged.patch_id, state: staged.state, reconcilable: true, prepared: true });
          return Promise.resolve();
        },
        discard: () => {
          done = true;
          prepared.discarded += 1;
          return Promise.resolve();
        },
      });
    },
    quarantine(entry, artifact) {
      quarantined.set(entry.patch_id, { artifact: copy(artifact), entry: copy(entry) });
      return Promise.resolve();
    },
    read: (id) => Promise.resolve(entries.has(id) ? copy(entries.get(id)!) : null),
    readArtifact: (id) => Promise.resolve(artifacts.has(id) ? copy(artifacts.get(id)!) : null),
    list: (q = {}) =>
      Promise.resolve(
        [...entries.values()]
          .filter((e) => (q.runId === undefined || e.run_id === q.runId) && (q.state === undefined || e.state === q.state))
          .sort((a, b) => (a.patch_id < b.patch_id ? -1 : 1))
          .map(copy),
      ),
    diffPath: (id) => `.uet/ledger/patches/${id}.diff`,
    quarantinePath: (id) => `.uet/ledger/quarantine/${id}.diff`,
  };
}
