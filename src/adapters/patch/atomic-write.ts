import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export interface FileContent {
  readonly file: string;
  readonly data: string | Uint8Array;
  /** false: renamed into place atomically, but not fsync'd (derived data that can be rebuilt). Default true. */
  readonly durable?: boolean;
}

async function fsyncPath(p: string): Promise<void> {
  const fh = await open(p, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** mkdir -p that fsyncs the parent of every directory it creates, so a new directory survives a crash. */
export async function ensureDurableDir(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true });
  if (created === undefined) return;
  for (let d = dir; d.length >= created.length; d = path.dirname(d)) await fsyncPath(path.dirname(d));
}

/**
 * Writes files atomically and durably: each goes to a temporary file beside it, which is fsync'd and renamed over
 * the target, in the order given (so the last file, an entry, never appears before the files it refers to); then
 * each directory involved is fsync'd once, so the renames survive a crash.
 * A reader sees either the old or the new content of each file, never a torn one.
 */
export async function writeFilesAtomic(files: readonly FileContent[]): Promise<void> {
  const dirs = [...new Set(files.map((f) => path.dirname(f.file)))];
  for (const d of dirs) await ensureDurableDir(d);
  const temps = files.map((f) => `${f.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    // The temporary files are written and fsync'd together: the file system can commit them in one journal flush.
    await Promise.all(
      files.map(async (f, i) => {
        const fh = await open(temps[i]!, 'wx');
        try {
          await fh.writeFile(f.data);
          if (f.durable !== false) await fh.sync();
        } finally {
          await fh.close();
        }
      }),
    );
    for (let i = 0; i < files.length; i++) await rename(temps[i]!, files[i]!.file);
  } catch (e) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    throw e;
  }
  for (const d of dirs) await fsyncPath(d);
}
