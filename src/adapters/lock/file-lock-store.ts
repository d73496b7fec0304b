import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { emptyLockTable, parseLockTable, renderLockTable, type LockTable } from '../../core/lock/index.js';
import { isPidAlive } from '../store/run-lock.js';
import type { LockStore } from './lock-store.js';

/** A mutex file older than this whose process is gone (or unreadable) is left over from a crash. */
const STALE_MUTEX_MS = 30_000;

const hash = (text: string) => createHash('sha256').update(text).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The file name of a base branch's table: the branch, encoded so that any branch name is one plain file name. */
export const lockFileName = (base: string) => `${encodeURIComponent(base).replace(/\./g, '%2E')}.json`;

/**
 * The lock table of `base` in `<git common dir>/uet/locks/<base>.json` (ADR 0024): shared by every worktree of the
 * repository, never committed, and outside the working tree. A write is a compare-and-swap: under a short mutex
 * (`<file>.mutex`, created exclusively), the file is compared with the version read and replaced by a rename.
 */
export function createFileLockStore(commonDir: string, base: string): LockStore {
  const dir = path.join(commonDir, 'uet', 'locks');
  const file = path.join(dir, lockFileName(base));
  const mutex = `${file}.mutex`;
  return {
    where: file,
    async read() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { table: emptyLockTable(base), version: null };
        throw e;
      }
      const parsed = parseLockTable(text, base);
      return parsed.ok ? { table: parsed.table, version: hash(text) } : { table: emptyLockTable(base), version: hash(text), foreign: parsed.error };
    },
    async write(table: LockTable, version: string | null) {
      await mkdir(dir, { recursive: true });
      await takeMutex(mutex);
      try {
        let current: string | null = null;
        try {
          current = hash(await readFile(file, 'utf8'));
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
        if (current !== version) return false;
        const tmp = `${file}.${process.pid}.tmp`;
        await writeFile(tmp, renderLockTable(table));
        await rename(tmp, file);
        return true;
      } finally {
        await rm(mutex, { force: true });
      }
    },
  };
}

/** Creates the mutex file exclusively, waiting while a live process holds it; breaks one left by a dead process. */
async function takeMutex(mutex: string): Promise<void> {
  const me = `${process.pid} ${os.hostname()}\n`;
  for (let i = 0; ; i++) {
    try {
      await writeFile(mutex, me, { flag: 'wx' });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const [pid, host] = (await readFile(mutex, 'utf8').catch(() => '')).trim().split(' ');
    const age = await stat(mutex).then((s) => Date.now() - s.mtimeMs, () => 0);
    const dead = host === os.hostname() && Number(pid) > 0 && !isPidAlive(Number(pid));
    if (dead || age > STALE_MUTEX_MS) await rm(mutex, { force: true });
    else await sleep(Math.min(200, 10 * (i + 1)));
  }
}
