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

/** Writes all of `data` at the descriptor's position. */
function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
}

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
        writeAll(fd, f.data);
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

export interface StagedFile {
  /** Renames the staged file over its target (atomic; the directory is not fsync'd: see AtomicWriteOptions.syncDirs). */
  publish(): void;
  /** Removes the staged file; the target is untouched. */
  discard(): void;
}

/**
 * A later version of `file`, written to a temporary file beside it and fsync'd, but not put in place: publish()
 * renames it over the target (the old or the new content, never a torn one), discard() drops it. For a write whose
 * content is known before the event it records happens, so that its fsync runs meanwhile.
 */
export async function stageFile(file: string, data: string | Uint8Array): Promise<StagedFile> {
  await ensureDurableDir(path.dirname(file));
  const temp = `${file}.${prefix}.${(counter++).toString(36)}.tmp`;
  const fd = openSync(temp, 'wx');
  try {
    writeAll(fd, data);
    await fsyncFd(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw e;
  }
  closeSync(fd);
  let done = false;
  return {
    publish() {
      if (done) throw new Error(`stageFile: ${file} was already published or discarded`);
      done = true;
      renameSync(temp, file);
    },
    discard() {
      if (done) return;
      done = true;
      rmSync(temp, { force: true });
    },
  };
}
