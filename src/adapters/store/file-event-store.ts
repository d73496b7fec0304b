import { mkdir, open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EventStore } from '../../core/ports.js';
import type { RunEvent } from '../../core/run/events.js';
import { mutexFor } from '../create-mutex.js';
import { eventsFile, runDir, uetRunsDir } from '../uet-paths.js';
import { parseEventLog, type TornTail } from './parse-event-log.js';
import { acquireRunLock, readRunDriver, type LockDeps, type RunLock, type RunLockInfo } from './run-lock.js';

export interface EventLogReport {
  readonly events: RunEvent[];
  /** Present when the last line was torn by a crash; the next append cuts it off. */
  readonly tornTail?: TornTail;
}

export interface FileEventStore extends EventStore {
  readWithReport(runId: string): Promise<EventLogReport>;
  /** Run ids that have an events.jsonl, sorted. */
  listRuns(): Promise<string[]>;
  acquireRunLock(runId: string, deps?: LockDeps): Promise<RunLock>;
  /** The live process driving the run, if any (see readRunDriver). */
  readDriver(runId: string): Promise<RunLockInfo | undefined>;
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** mkdir -p that fsyncs the parent of every directory it creates. */
async function ensureDir(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true });
  if (created === undefined) return;
  for (let d = dir; d.length >= created.length; d = path.dirname(d)) await fsyncDir(path.dirname(d));
}

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT';

/** `fn()`, or `fallback` when what it reads does not exist. */
async function unlessMissing<T, F>(fn: () => Promise<T>, fallback: F): Promise<T | F> {
  try {
    return await fn();
  } catch (e) {
    if (isMissing(e)) return fallback;
    throw e;
  }
}

/**
 * The local run log: `.uet/runs/<run_id>/events.jsonl`, one JSON event per line. `append` writes all of its events
 * in one write followed by fsync, so a crash leaves at most a torn last line, which `read` tolerates and reports
 * and the next `append` cuts off.
 */
export function createFileEventStore(repoDir: string): FileEventStore {
  /** Byte size of each log as last verified clean by this store: appends skip re-reading while it matches. */
  const cleanSize = new Map<string, number>();

  const readWithReport = async (
    runId: string,
  ): Promise<EventLogReport & { goodBytes: number; size: number }> => {
    const file = eventsFile(repoDir, runId);
    const buf = await unlessMissing(() => readFile(file), null);
    if (buf === null) return { events: [], goodBytes: 0, size: 0 };
    const parsed = parseEventLog(buf, file);
    if (!parsed.tornTail) cleanSize.set(runId, buf.length);
    return { ...parsed, size: buf.length };
  };

  /** Appends in one write + fsync, first cutting off a torn tail; callers are serialized per log. */
  async function appendNow(runId: string, events: readonly RunEvent[]): Promise<void> {
    const dir = runDir(repoDir, runId);
    const file = eventsFile(repoDir, runId);
    const size = await unlessMissing(async () => (await stat(file)).size, -1);
    if (size === -1) await ensureDir(dir); // a log that exists has its directory: no mkdir per append
    let goodBytes = size === -1 ? 0 : size;
    if (size > 0 && cleanSize.get(runId) !== size) goodBytes = (await readWithReport(runId)).goodBytes;
    const data = Buffer.from(events.map((e) => JSON.stringify(e) + '\n').join(''));
    const fh = await open(file, size === -1 ? 'wx' : 'r+');
    try {
      if (goodBytes !== Math.max(size, 0)) await fh.truncate(goodBytes);
      let written = 0;
      while (written < data.length)
        written += (await fh.write(data, written, data.length - written, goodBytes + written)).bytesWritten;
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (size === -1) await fsyncDir(dir);
    cleanSize.set(runId, goodBytes + data.length);
  }

  return {
    read: async (runId) => (await readWithReport(runId)).events,
    readWithReport: async (runId) => {
      const { events, tornTail } = await readWithReport(runId);
      return tornTail ? { events, tornTail } : { events };
    },
    async append(runId, events) {
      if (events.length)
        await mutexFor(`events:${eventsFile(repoDir, runId)}`).run(() => appendNow(runId, events));
    },
    async listRuns() {
      const root = uetRunsDir(repoDir);
      const names = await unlessMissing(() => readdir(root), []);
      const present = await Promise.all(
        names.map((n) =>
          stat(path.join(root, n, 'events.jsonl')).then(
            () => n,
            () => null,
          ),
        ),
      );
      return present.filter((n): n is string => n !== null).sort();
    },
    acquireRunLock: (runId, deps) => acquireRunLock(runDir(repoDir, runId), runId, deps),
    readDriver: (runId) => readRunDriver(runDir(repoDir, runId)),
  };
}
