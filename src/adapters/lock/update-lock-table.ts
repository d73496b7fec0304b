import { UetError } from '../../core/errors.js';
import type { LockTable } from '../../core/lock/index.js';
import type { LockStore } from './lock-store.js';

/** The lock table kept moving under us: more writers than tries. Try again later. */
export class LockContentionError extends UetError {
  readonly code = 'lock_contention';
  constructor(where: string) {
    super(`${where}: the lock table changed on every try (another writer was first each time); try again`);
    this.name = 'LockContentionError';
  }
}

const MAX_TRIES = 8;

/**
 * Read, change, compare-and-swap, re-read on a lost race: the one way the lock table changes (ADR 0024), so every
 * decision `change` makes is made on the table as it is stored. `change` returns the new table (the same object:
 * nothing to write) and a result; it gets `foreign` when the stored content is not a lock table.
 */
export async function updateLockTable<R>(
  store: LockStore,
  change: (table: LockTable, foreign: string | undefined) => { table: LockTable; result: R },
): Promise<R> {
  for (let i = 0; i < MAX_TRIES; i++) {
    const { table, version, foreign } = await store.read();
    const next = change(table, foreign);
    if (next.table === table) return next.result;
    if (await store.write(next.table, version)) return next.result;
  }
  throw new LockContentionError(store.where);
}
