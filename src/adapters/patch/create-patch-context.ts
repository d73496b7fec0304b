import type { RepoPolicy, WorkstreamBundle } from '../../core/contracts/index.js';
import { loadRunLedger, type LedgerStore, type RunLedger } from '../../core/patch/index.js';
import type { Clock, IdSource } from '../../core/ports.js';
import type { Redactor } from '../../core/secrets/index.js';
import { createFileEventStore } from '../store/file-event-store.js';
import { createUlidSource } from '../ulid-source.js';
import { createFileLedgerStore } from './file-ledger-store.js';

/** What the patch pipeline needs in a local run: the ledger, time, ids, and each run's ledger and bundle (loaded once). */
export interface PatchContext {
  readonly root: string;
  readonly store: LedgerStore;
  readonly clock: Clock;
  readonly ids: IdSource;
  runLedger(runId: string): Promise<RunLedger>;
  /** The credentials UET holds: patches that add one are quarantined, and the ledger keeps them redacted. */
  readonly secrets?: Redactor;
  /** The run's bundle (for its patch policies): given, or read from the run's run_created event. */
  bundle(runId: string): Promise<WorkstreamBundle | undefined>;
  /** The repository owner's policy the run recorded (run_created options.repo_policy), if any. */
  repoPolicy(runId: string): Promise<RepoPolicy | undefined>;
}

export interface PatchContextOptions {
  readonly clock: Clock;
  readonly ids?: IdSource;
  readonly store?: LedgerStore;
  readonly bundle?: WorkstreamBundle;
  readonly secrets?: Redactor;
}

/** A patch context on the repository at `root`, with the local file ledger unless another store is given. */
export function createPatchContext(root: string, o: PatchContextOptions): PatchContext {
  const store = o.store ?? createFileLedgerStore(root);
  const ledgers = new Map<string, Promise<RunLedger>>();
  const created = new Map<string, Promise<{ bundle?: WorkstreamBundle; repoPolicy?: RepoPolicy }>>(); // run_created, read once
  const cached = <T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>) => {
    let p = map.get(key);
    if (!p) {
      p = load().catch((e: unknown) => {
        map.delete(key); // a transient failure must not stick
        throw e;
      });
      map.set(key, p);
    }
    return p;
  };
  type Created = { bundle?: WorkstreamBundle; repoPolicy?: RepoPolicy };
  const runCreated = (runId: string): Promise<Created> =>
    cached(created, runId, async (): Promise<Created> => {
      const [first] = await createFileEventStore(root).read(runId);
      if (first?.type !== 'run_created') return {};
      return { bundle: first.data.bundle, ...(first.data.options.repo_policy ? { repoPolicy: first.data.options.repo_policy } : {}) };
    });
  return {
    root,
    store,
    clock: o.clock,
    ids: o.ids ?? createUlidSource(o.clock),
    ...(o.secrets ? { secrets: o.secrets } : {}),
    runLedger: (runId) => cached(ledgers, runId, () => loadRunLedger(store, runId)),
    bundle: async (runId) => o.bundle ?? (await runCreated(runId)).bundle,
    repoPolicy: async (runId) => (await runCreated(runId)).repoPolicy,
  };
}
