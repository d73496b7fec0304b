import { overlappingGlobs, scopesOverlap } from './scopes-overlap.js';

// The lock table of one base branch (ADR 0024): every run that wants to write on that base, in the order it asked,
// each either holding its lock or queued. The table is one document, replaced whole by a compare-and-swap (a ref
// update on GitHub, a rename under a file lock locally), so every decision below sees one consistent table and two
// runs can never both decide to hold. Pure: the adapters read, call these and write.

/** What to do when a run's scope overlaps a holder's: wait in the queue, or refuse to start. */
export type LockConflictPolicy = 'wait' | 'refuse';

/** Who keeps a lock alive: a local process (checked by pid on its host), or a run on GitHub (checked by its log). */
export type LockOwner = { readonly kind: 'local'; readonly pid: number; readonly hostname: string } | { readonly kind: 'github' };

export interface LockEntry {
  readonly run_id: string;
  /** The run's write scope (runLockScope). */
  readonly scope: readonly string[];
  readonly state: 'held' | 'waiting';
  /** When it took the lock (held) or joined the queue (waiting), ISO 8601; the queue order is the table's order, never a clock. */
  readonly since: string;
  readonly owner: LockOwner;
}

export interface LockTable {
  /** The base branch the runs write on (their result goes there). */
  readonly base: string;
  readonly entries: readonly LockEntry[];
}

/** A holder or an earlier waiter that keeps a run from holding, and the globs they share. */
export interface LockBlocker {
  readonly run_id: string;
  readonly state: LockEntry['state'];
  readonly since: string;
  readonly overlap: readonly string[];
}

export type LockDecision =
  | { readonly outcome: 'held'; readonly table: LockTable }
  | { readonly outcome: 'waiting'; readonly table: LockTable; readonly blockers: readonly LockBlocker[] }
  | { readonly outcome: 'refused'; readonly table: LockTable; readonly blockers: readonly LockBlocker[] };

/**
 * Who keeps `runId` from holding: every overlapping holder, and every overlapping waiter ahead of it in the queue
 * (first come, first served: a later run with a smaller scope does not overtake, so no run starves). Pure.
 */
export function lockBlockers(table: LockTable, runId: string, scope: readonly string[]): LockBlocker[] {
  const out: LockBlocker[] = [];
  for (const e of table.entries) {
    if (e.run_id === runId) {
      if (e.state === 'waiting') {
        // Waiters behind it do not block it; holders behind it (taken while it was refused or gone) still do.
        for (const h of table.entries.slice(table.entries.indexOf(e) + 1))
          if (h.state === 'held' && scopesOverlap(scope, h.scope)) out.push(blocker(h, scope));
      }
      return out;
    }
    if (scopesOverlap(scope, e.scope)) out.push(blocker(e, scope));
  }
  return out;
}

const blocker = (e: LockEntry, scope: readonly string[]): LockBlocker => ({ run_id: e.run_id, state: e.state, since: e.since, overlap: overlappingGlobs(scope, e.scope) });

/**
 * A run asks for its lock (again): held when nothing overlapping holds or waits ahead of it; else it waits in the
 * queue (its place kept from its first request) or, under `refuse`, is refused and leaves no entry. A run that
 * already holds keeps holding. Pure.
 */
export function requestLock(table: LockTable, want: Omit<LockEntry, 'state'>, onConflict: LockConflictPolicy): LockDecision {
  const mine = table.entries.find((e) => e.run_id === want.run_id);
  if (mine?.state === 'held') return { outcome: 'held', table };
  const blockers = lockBlockers(table, want.run_id, want.scope);
  const others = table.entries.filter((e) => e.run_id !== want.run_id);
  if (!blockers.length) {
    const held: LockEntry = { ...want, state: 'held' }; // since: when it took the lock (what max_hold_minutes counts)
    const entries = mine ? table.entries.map((e) => (e === mine ? held : e)) : [...others, held];
    return { outcome: 'held', table: { ...table, entries } };
  }
  if (onConflict === 'refuse') return { outcome: 'refused', table: { ...table, entries: others }, blockers };
  if (mine) return { outcome: 'waiting', table, blockers };
  return { outcome: 'waiting', table: { ...table, entries: [...others, { ...want, state: 'waiting' }] }, blockers };
}

/** The table without `runId`'s entry (held or waiting), and whether it had one. Pure. */
export function releaseLock(table: LockTable, runId: string): { table: LockTable; released: LockEntry | undefined } {
  const released = table.entries.find((e) => e.run_id === runId);
  return { table: released ? { ...table, entries: table.entries.filter((e) => e !== released) } : table, released };
}

/**
 * Why an entry's run can no longer use its lock: its run ended, its run does not exist, its process died, or it
 * held the lock past the configured limit (the run is then canceled: no run keeps a lock forever).
 */
export type LockLiveness = 'alive' | 'ended' | 'gone' | 'dead_process' | 'expired';

/** Whether a held entry has held longer than `maxHoldMinutes` at `now` (ms). Waiting entries never expire. Pure. */
export function lockExpired(e: LockEntry, now: number, maxHoldMinutes: number): boolean {
  return e.state === 'held' && now - Date.parse(e.since) > maxHoldMinutes * 60_000;
}

/**
 * The entries whose run ended, is gone or lost its process, removed; `liveness` is what the adapter found for each
 * (an entry it could not judge counts as alive: a lock is only broken on evidence). Pure.
 */
export function sweepLocks(table: LockTable, liveness: (e: LockEntry) => LockLiveness): { table: LockTable; released: { entry: LockEntry; why: Exclude<LockLiveness, 'alive'> }[] } {
  const released: { entry: LockEntry; why: Exclude<LockLiveness, 'alive'> }[] = [];
  const entries = table.entries.filter((e) => {
    const l = liveness(e);
    if (l === 'alive') return true;
    released.push({ entry: e, why: l });
    return false;
  });
  return { table: released.length ? { ...table, entries } : table, released };
}

/** The runs that may hold now (queued runs with no blocker left): the ones to wake after a release. Pure. */
export function runnableWaiters(table: LockTable): string[] {
  return table.entries.filter((e) => e.state === 'waiting' && !lockBlockers(table, e.run_id, e.scope).length).map((e) => e.run_id);
}
