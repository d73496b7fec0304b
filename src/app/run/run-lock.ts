import { createGitHubLockStore, lockRef } from '../../adapters/github/lock-table-ref.js';
import { readRunLedger } from '../../adapters/github/read-run-ledger.js';
import { updateLockTable } from '../../adapters/lock/update-lock-table.js';
import {
  lockExpired,
  releaseLock,
  requestLock,
  runnableWaiters,
  sweepLocks,
  type LockBlocker,
  type LockEntry,
  type LockLiveness,
  type LockTable,
} from '../../core/lock/index.js';
import { buildPlan } from '../../core/bundle/index.js';
import type { WorkstreamBundle } from '../../core/contracts/index.js';
import { runLockScope } from '../../core/lock/index.js';
import { fold, type RunLockOptions, type RunOrigin, type RunState } from '../../core/run/index.js';
import type { LocksConfig } from '../config/automation-config.js';
import type { RepoScope } from '../scope/repo-scope.js';

// A GitHub run's lock (ADR 0024): taken before its first start when run_created recorded options.lock, released
// when it ends; the table is refs/uet/locks/<base>. Decisions are core/lock's; this file only reads and writes.

/**
 * The lock a new run records (options.lock): its base is where its result goes (the pull request's branch of this
 * repository, a fork's pull request's base, or the default branch for an issue), its scope the steps' files.
 * Undefined for a bundle that does not plan (startRun reports that itself).
 */
export async function buildRunLock(scope: RepoScope, bundle: WorkstreamBundle, origin: RunOrigin, locks: LocksConfig): Promise<RunLockOptions | undefined> {
  const built = buildPlan(bundle);
  if (!built.ok) return undefined;
  const ref = origin.ref ?? '';
  const base = ref.startsWith('refs/heads/')
    ? ref.slice('refs/heads/'.length)
    : origin.pr_number !== undefined
      ? (await scope.gh.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...scope.repo, pull_number: origin.pr_number })).data.base.ref
      : scope.defaultBranch;
  return { base, scope: runLockScope(built.plan), on_conflict: locks.on_conflict, max_hold_minutes: locks.max_hold_minutes };
}

export type TakeOutcome =
  | { readonly outcome: 'held' }
  | { readonly outcome: 'waiting' | 'refused'; readonly blockers: readonly LockBlocker[]; readonly foreign?: string };

const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'quarantined']);

/**
 * Asks for the run's lock (again). A stored table that is not UET's (someone pushed the ref) holds nothing and is
 * never overwritten here: the run waits, and a writer resets it with `/uet unlock --reset`.
 */
export async function takeRunLock(scope: RepoScope, state: RunState): Promise<TakeOutcome> {
  const lock = state.options.lock!;
  const store = createGitHubLockStore(scope.gh, scope.repo, lock.base);
  const since = new Date(scope.clock.now()).toISOString();
  return updateLockTable(store, (table, foreign): { table: LockTable; result: TakeOutcome } => {
    if (foreign !== undefined) return { table, result: { outcome: 'waiting', blockers: [], foreign } };
    const d = requestLock(table, { run_id: state.runId, scope: lock.scope, since, owner: { kind: 'github' } }, lock.on_conflict);
    return { table: d.table, result: d.outcome === 'held' ? { outcome: 'held' } : { outcome: d.outcome, blockers: d.blockers } };
  });
}

/** Takes the run out of its base's table (held or queued); returns the queued runs that may hold now. */
export async function releaseRunLock(scope: RepoScope, base: string, runId: string): Promise<string[]> {
  const store = createGitHubLockStore(scope.gh, scope.repo, base);
  return updateLockTable(store, (table, foreign) => {
    if (foreign !== undefined) return { table, result: [] };
    const next = releaseLock(table, runId).table;
    return { table: next, result: runnableWaiters(next) };
  });
}

/** The lock table of a base as stored, for `/uet status` (undefined: none; foreign: not UET's). */
export async function readLockTable(scope: RepoScope, base: string) {
  return createGitHubLockStore(scope.gh, scope.repo, base).read();
}

/** The base branches that have a lock table: one request. */
export async function listLockBases(scope: RepoScope): Promise<string[]> {
  const { data } = await scope.gh.request('GET /repos/{owner}/{repo}/git/matching-refs/{ref}', { ...scope.repo, ref: 'uet/locks/' });
  return data.map((r) => r.ref.slice('refs/uet/locks/'.length)).map((b) => decodeURIComponent(b));
}

export interface SweptLock {
  readonly entry: LockEntry;
  readonly why: Exclude<LockLiveness, 'alive'>;
}

/**
 * The reconciler's pass over one base's table: every entry whose run ended or has no ledger is released, and one
 * that held longer than its run's max_hold_minutes is released and returned as `expired` (the caller cancels that
 * run). A lock is broken only on evidence read from the run's own ledger. Returns what was released and the queued
 * runs that may hold now.
 */
export async function sweepRunLocks(scope: RepoScope, base: string): Promise<{ released: SweptLock[]; runnable: string[] }> {
  const store = createGitHubLockStore(scope.gh, scope.repo, base);
  const { table, foreign } = await store.read();
  if (foreign !== undefined) {
    scope.log.warn(`uet: refs/${lockRef(base)} is not a UET lock table (${foreign}): runs on ${base} with a lock wait until a writer comments /uet unlock --reset`);
    return { released: [], runnable: [] };
  }
  const now = scope.clock.now();
  const live = new Map<string, LockLiveness>();
  for (const e of table.entries) {
    const ledger = await readRunLedger(scope.gh, scope.repo, e.run_id);
    if (!ledger) live.set(e.run_id, 'gone');
    else {
      const state = fold(ledger.events);
      if (TERMINAL.has(state.status)) live.set(e.run_id, 'ended');
      else if (lockExpired(e, now, state.options.lock?.max_hold_minutes ?? Number.POSITIVE_INFINITY)) live.set(e.run_id, 'expired');
      else live.set(e.run_id, 'alive');
    }
  }
  return updateLockTable(store, (current, foreignNow) => {
    if (foreignNow !== undefined) return { table: current, result: { released: [], runnable: [] } };
    const swept = sweepLocks(current, (e) => live.get(e.run_id) ?? 'alive');
    return { table: swept.table, result: { released: swept.released, runnable: runnableWaiters(swept.table) } };
  });
}

/** Breaks a run's lock by hand (`/uet unlock <run>`), or resets a table that is not UET's (`--reset`). */
export async function breakRunLock(scope: RepoScope, base: string, runId: string | undefined): Promise<{ released: boolean; runnable: string[] }> {
  const store = createGitHubLockStore(scope.gh, scope.repo, base);
  return updateLockTable(store, (table, foreign) => {
    if (runId === undefined) return foreign !== undefined || table.entries.length ? { table: { base, entries: [] }, result: { released: true, runnable: [] } } : { table, result: { released: false, runnable: [] } };
    if (foreign !== undefined) return { table, result: { released: false, runnable: [] } };
    const r = releaseLock(table, runId);
    return { table: r.table, result: { released: r.released !== undefined, runnable: runnableWaiters(r.table) } };
  });
}

export const isTerminal = (state: RunState) => TERMINAL.has(state.status);
