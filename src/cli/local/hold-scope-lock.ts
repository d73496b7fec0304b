import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { currentBranch, gitCommonDir, revParse } from '../../adapters/git/repo-queries.js';
import { createFileLockStore } from '../../adapters/lock/file-lock-store.js';
import { updateLockTable } from '../../adapters/lock/update-lock-table.js';
import { isPidAlive } from '../../adapters/store/run-lock.js';
import { eventsFile, runDir } from '../../adapters/uet-paths.js';
import { UsageError } from '../../core/errors.js';
import {
  lockBlockers,
  releaseLock,
  requestLock,
  sweepLocks,
  type LockBlocker,
  type LockConflictPolicy,
  type LockEntry,
  type LockLiveness,
} from '../../core/lock/index.js';
import type { CliIo } from '../cli-context.js';

export interface ScopeLockInput {
  readonly repoRoot: string;
  readonly runId: string;
  /** The run's write scope (runLockScope). */
  readonly scope: readonly string[];
  readonly onConflict: LockConflictPolicy;
  /** How often a waiting run asks again (ms). */
  readonly pollMs?: number;
  /** Whether the user asked to stop while waiting (Ctrl-C): the run leaves the queue and is not started. */
  readonly stopped?: () => boolean;
  readonly now?: () => Date;
}

export interface ScopeLock {
  readonly base: string;
  /** Leaves the table (held or queued). Idempotent. */
  release(): Promise<void>;
}

/** The run was refused (locks.on_conflict: refuse, or --on-lock-conflict refuse) or stopped while it waited. */
export class ScopeLockRefusedError extends UsageError {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const BASE_FILE = 'lock-base';

/** The base branch a local run locks under: the branch checked out when it was created (detached: the commit). */
export async function localLockBase(repoRoot: string, runId: string): Promise<string> {
  const file = path.join(runDir(repoRoot, runId), BASE_FILE);
  const kept = await readFile(file, 'utf8').catch(() => undefined);
  if (kept?.trim()) return kept.trim();
  const base = (await currentBranch(repoRoot)) ?? `detached-${(await revParse(repoRoot, 'HEAD'))?.slice(0, 12) ?? 'unborn'}`;
  return base;
}

/**
 * Whether a local entry's run can still use its lock: its process is gone on this host (killed, crashed), or its
 * run ended (the log in this repository says so). Anything else, entries of another host included, is alive.
 */
async function localLiveness(repoRoot: string, e: LockEntry): Promise<LockLiveness> {
  if (e.owner.kind !== 'local' || e.owner.hostname !== os.hostname()) return 'alive';
  if (!isPidAlive(e.owner.pid)) return 'dead_process';
  const log = await readFile(eventsFile(repoRoot, e.run_id), 'utf8').catch(() => '');
  return /"type":"run_completed"/.test(log) ? 'ended' : 'alive';
}

/**
 * One line on the run's lock for `uet status`: held, queued behind whom, or none; undefined when the run never
 * asked (a run created before locks, or one that is not running).
 */
export async function describeLocalLock(repoRoot: string, runId: string): Promise<string | undefined> {
  const base = (await readFile(path.join(runDir(repoRoot, runId), BASE_FILE), 'utf8').catch(() => '')).trim();
  if (!base) return undefined;
  const { table, foreign } = await createFileLockStore(await gitCommonDir(repoRoot), base).read();
  if (foreign !== undefined) return `lock: the lock table of ${base} is unreadable (${foreign})`;
  const mine = table.entries.find((e) => e.run_id === runId);
  if (!mine) return `lock: none held on ${base}`;
  if (mine.state === 'held') return `lock: held on ${base} since ${mine.since} (${mine.scope.slice(0, 3).join(', ')}${mine.scope.length > 3 ? ', …' : ''})`;
  return `lock: queued on ${base} since ${mine.since}, behind ${lockBlockers(table, runId, mine.scope).map(describe).join('; ')}`;
}

const describe = (b: LockBlocker) => `run ${b.run_id} (${b.state === 'held' ? 'running' : 'queued'} since ${b.since}, overlapping ${b.overlap.slice(0, 3).join(', ')}${b.overlap.length > 3 ? ', …' : ''})`;

/**
 * Takes the run's lock on its base branch for this process (ADR 0024): the lock table under the git common dir is
 * swept of runs whose process died or that ended, then the run asks; when a run with an overlapping scope holds or
 * is queued ahead, it waits (saying so once per change of blockers) or, under `refuse`, is refused. Returns once it
 * holds.
 */
export async function holdScopeLock(io: CliIo, input: ScopeLockInput): Promise<ScopeLock> {
  const base = await localLockBase(input.repoRoot, input.runId);
  // Kept beside the run, so that `uet status` finds its lock and `uet resume` locks under the same base.
  await mkdir(runDir(input.repoRoot, input.runId), { recursive: true });
  await writeFile(path.join(runDir(input.repoRoot, input.runId), BASE_FILE), `${base}\n`);
  const store = createFileLockStore(await gitCommonDir(input.repoRoot), base);
  const owner = { kind: 'local' as const, pid: process.pid, hostname: os.hostname() };
  const release = async () => {
    await updateLockTable(store, (table) => ({ table: releaseLock(table, input.runId).table, result: undefined }));
  };
  let said = '';
  for (;;) {
    const live = new Map<string, LockLiveness>();
    const { table: current } = await store.read();
    for (const e of current.entries) if (e.run_id !== input.runId) live.set(e.run_id, await localLiveness(input.repoRoot, e));
    const decision = await updateLockTable(store, (table, foreign) => {
      if (foreign)
        throw new UsageError(`${store.where} is not a UET lock table (${foreign}); remove the file if no uet run is running`);
      const swept = sweepLocks(table, (e) => live.get(e.run_id) ?? 'alive');
      const d = requestLock(swept.table, { run_id: input.runId, scope: input.scope, since: (input.now?.() ?? new Date()).toISOString(), owner }, input.onConflict);
      return { table: d.table === table ? table : d.table, result: { ...d, swept: swept.released } };
    });
    for (const r of decision.swept)
      io.stderr(`uet: released the lock of run ${r.entry.run_id} on ${base}: ${r.why === 'dead_process' ? `its process (pid ${r.entry.owner.kind === 'local' ? r.entry.owner.pid : '?'}) is gone` : r.why === 'ended' ? 'it has ended' : 'it is gone'}\n`);
    if (decision.outcome === 'held') {
      return { base, release };
    }
    const who = decision.blockers.map(describe).join('; ');
    if (decision.outcome === 'refused')
      throw new ScopeLockRefusedError(`run ${input.runId} refused: it may write where ${who} does, on ${base} (locks.on_conflict: refuse); nothing was started`);
    if (input.stopped?.()) {
      await release();
      throw new ScopeLockRefusedError(`run ${input.runId} stopped while it waited for the lock of ${base}; nothing was started`);
    }
    if (who !== said) io.stderr(`uet: run ${input.runId} waits for the lock of ${base}: ${who}\n`);
    said = who;
    await sleep(input.pollMs ?? 2000);
  }
}
