import type { LockTable } from '../../core/lock/index.js';

/** Where the lock table of one base branch lives: a file locally, a ref on GitHub (ADR 0024). */
export interface LockStore {
  /** A name for messages: the file or the ref. */
  readonly where: string;
  /**
   * The table and its version (null: there is none yet). `foreign` says why the stored content is not a lock table
   * (someone else wrote it): then `table` is empty and nothing may hold until a writer resets it.
   */
  read(): Promise<{ table: LockTable; version: string | null; foreign?: string }>;
  /** Replaces the table if it is still at `version` (compare-and-swap). false: another writer was first. */
  write(table: LockTable, version: string | null): Promise<boolean>;
}
