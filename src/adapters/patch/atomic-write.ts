import { randomBytes } from 'node:crypto';
import { closeSync, fsync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

export interface FileContent {
  readonly file: string;
  readonly data: string | Uint8Array;
  /** false: renamed into place atomically, but not fsync'd (derived data that can be rebuilt). Default true. */
  readonly durable?: boolean;
}

export interface AtomicWriteOptions {
  /**
   * false: the directories are not fsync'd after the renames. Each file is still fsync'd before it is renamed over
   * its target, so a crash leaves the old or the new content, never a torn file; but the rename itself may be lost
   * (the old version comes back). Only for a write that replaces an earlier version which the caller can redo from
   * elsewhere (a committed ledger entry, which resume reconciles from the run branch). Default true.
   */
  readonly syncDirs?: boolean;
}

const fsyncFd = promisify(fsync);
// Temporary names: a random prefix per process and a counter ('wx' refuses a name that exists).
const prefix = `${process.pid}.${randomBytes(4).toString('hex')}`;
let counter = 0;

/** fsync in the thread pool (the disk wait stays off the event loop); opening and closing are synchronous. */
async function fsyncPath(p: string): Promise<void> {
  const fd = openSync(p, 'r');
  try {
    await fsyncFd(fd);
  } finally {
    closeSync(fd);
  }
}

/** mkdir -p that fsyncs the parent of every directory it creates, so a new directory survives a crash. */
export async function ensureDurableDir(dir: string): Promise<void> {
  const created = mkdirSync(dir, { recursive: true });
  if (created === undefined) return;
  for (let d = dir; d.length >= created.length; d = path.dirname(d)) await fsyncPath(path.dirname(d));
}

/**
 * Writes files atomically and durably: each goes to a temporary file beside it, which is fsync'd and renamed over
 * the target, in the order given (so the last file, an entry, never appears before the files it refers to); then
 * each directory involved is fsync'd once, so the renames survive a crash (unless `syncDirs` is false).
 * A reader sees either the old or the new content of each file, never a torn one.
 * Writing, renaming and closing are synchronous system calls (page-cache work of a few kilobytes, cheaper than a
 * round trip through the thread pool each); only the fsyncs, which wait on the disk, go to the thread pool, all
 * of them at once, so the file system can commit them in one journal flush.
 */
export async function writeFilesAtomic(files: readonly FileContent[], options: AtomicWriteOptions = {}): Promise<void> {
  const dirs = [...new Set(files.map((f) => path.dirname(f.file)))];
  for (const d of dirs) await ensureDurableDir(d);
  const temps = files.map((f) => `${f.file}.${prefix}.${(counter++).toString(36)}.tmp`);
  const fds: number[] = [];
  try {
    try {
      for (const [i, f] of files.entries()) {
        const fd = openSync(temps[i]!, 'wx');
        fds.push(fd);
        const data = typeof f.data === 'string' ? Buffer.from(f.data, 'utf8') : f.data;
        for (let off = 0; off < data.length; ) off += writeSync(fd, data, off, data.length - off);
      }
      // Settled, not all: no descriptor is closed while an fsync on it is still in the thread pool.
      const synced = await Promise.allSettled(files.map((f, i) => (f.durable !== false ? fsyncFd(fds[i]!) : Promise.resolve())));
      const failed = synced.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    } finally {
      for (const fd of fds) closeSync(fd);
    }
    for (const [i, f] of files.entries()) renameSync(temps[i]!, f.file);
  } catch (e) {
    for (const t of temps) rmSync(t, { force: true });
    throw e;
  }
  if (options.syncDirs !== false) for (const d of dirs) await fsyncPath(d);
}
