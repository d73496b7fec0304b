import { link, mkdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { unlinkSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../../core/errors.js';

export interface RunLockInfo {
  readonly pid: number;
  readonly hostname: string;
  readonly started_at: string;
}

export interface RunLock {
  readonly info: RunLockInfo;
  /**
   * Present when this process took the lock over from a driver that died holding it (its pid is gone, or its lock is
   * unreadable: `holder` null). Whatever that driver was doing when it died is left half-done, git lock files
   * included (recoverRunGitLocks).
   */
  readonly takenOver?: { readonly holder: RunLockInfo | null };
  /** Removes the lock if it is still ours. Also done on process exit. */
  release(): Promise<void>;
}

/** A second driver for a run that a live process drives. Maps to exit code 2 like any refused input. */
export class RunLockedError extends UsageError {
  constructor(
    readonly runId: string,
    readonly holder: RunLockInfo,
  ) {
    super(
      `run ${runId} is being driven by pid ${holder.pid} on ${holder.hostname} (since ${holder.started_at}); wait for it, or stop that process`,
    );
    this.name = 'RunLockedError';
  }
}

export interface LockDeps {
  readonly pid?: number;
  readonly hostname?: string;
  readonly now?: () => Date;
  /** Whether a pid on this host is alive. */
  readonly isAlive?: (pid: number) => boolean;
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, but someone else's
  }
}

/** The lock's content, or null when it is missing or unreadable (a stale lock). */
async function readInfo(file: string): Promise<RunLockInfo | null> {
  try {
    const v = JSON.parse(await readFile(file, 'utf8')) as Partial<RunLockInfo> | null;
    return v && typeof v.pid === 'number' && typeof v.hostname === 'string'
      ? { pid: v.pid, hostname: v.hostname, started_at: String(v.started_at) }
      : null;
  } catch {
    return null;
  }
}

/**
 * Who drives the run in `runDir` now: the holder of its lock while that process lives (a holder on another host,
 * which cannot be checked, counts as alive); undefined when no process does, as after a crash or Ctrl-C.
 */
export async function readRunDriver(runDir: string, deps: Pick<LockDeps, 'hostname' | 'isAlive'> = {}): Promise<RunLockInfo | undefined> {
  const holder = await readInfo(path.join(runDir, 'lock'));
  if (!holder) return undefined;
  const alive = holder.hostname !== (deps.hostname ?? os.hostname()) || (deps.isAlive ?? isPidAlive)(holder.pid);
  return alive ? holder : undefined;
}

/**
 * Takes `<runDir>/lock` for this process. The lock is written whole to a temp file and hard-linked into place, so
 * it is never seen half-written; link() fails if the lock exists (like O_EXCL). A lock whose pid is dead on this
 * host, or that is unreadable, is stale and taken over; a live holder (or one on another host) is refused.
 */
export async function acquireRunLock(runDir: string, runId: string, deps: LockDeps = {}): Promise<RunLock> {
  const info: RunLockInfo = {
    pid: deps.pid ?? process.pid,
    hostname: deps.hostname ?? os.hostname(),
    started_at: (deps.now?.() ?? new Date()).toISOString(),
  };
  const isAlive = deps.isAlive ?? isPidAlive;
  const file = path.join(runDir, 'lock');
  await mkdir(runDir, { recursive: true });
  const tmp = `${file}.${info.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, JSON.stringify(info) + '\n', { flag: 'wx' });
  let takenOver: RunLock['takenOver'];
  try {
    for (let tries = 0; ; tries++) {
      try {
        await link(tmp, file);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || tries >= 3) throw e;
      }
      const holder = await readInfo(file);
      if (holder && (holder.hostname !== info.hostname || isAlive(holder.pid)))
        throw new RunLockedError(runId, holder);
      await rm(file, { force: true }); // stale: its process is gone
      takenOver = { holder };
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  const releaseSync = () => {
    try {
      const held = JSON.parse(readFileSync(file, 'utf8')) as RunLockInfo;
      if (held.pid === info.pid && held.started_at === info.started_at) unlinkSync(file);
    } catch {
      // already gone
    }
  };
  process.once('exit', releaseSync);
  return {
    info,
    ...(takenOver ? { takenOver } : {}),
    release: async () => {
      process.removeListener('exit', releaseSync);
      const held = await readInfo(file);
      if (held?.pid === info.pid && held.started_at === info.started_at) await rm(file, { force: true });
    },
  };
}
