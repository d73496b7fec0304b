import { execFileSync, spawn } from 'node:child_process';
import { appendFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileEventStore } from '../../../src/adapters/store/file-event-store.js';
import { InputError } from '../../../src/core/errors.js';
import type { RunEvent } from '../../../src/core/run/events.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-repo.js';

afterAll(removeTempDirs);

const ev = (seq: number, runId = 'r1'): RunEvent => ({
  event_id: `e${seq}`,
  run_id: runId,
  seq,
  ts: new Date(1_700_000_000_000 + seq).toISOString(),
  type: 'warning',
  data: { kind: 'test', message: `event ${seq} ✓` },
});

async function store() {
  const repo = await makeTempDir();
  return { repo, store: createFileEventStore(repo), file: path.join(repo, '.uet/runs/r1/events.jsonl') };
}

describe('file event store', () => {
  it('appends events as JSON lines and reads them back; a missing run reads as empty', async () => {
    const { store: s, file } = await store();
    expect(await s.read('r1')).toEqual([]);
    await s.append('r1', [ev(1), ev(2)]);
    await s.append('r1', []);
    await s.append('r1', [ev(3)]);
    expect(await s.read('r1')).toEqual([ev(1), ev(2), ev(3)]);
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')).toHaveLength(4);
    expect(JSON.parse(text.split('\n')[0]!)).toEqual(ev(1));
    // Another store instance (another process) sees the same log.
    expect(
      await createFileEventStore(path.dirname(path.dirname(path.dirname(path.dirname(file))))).read('r1'),
    ).toHaveLength(3);
  });

  it('serializes concurrent appends', async () => {
    const { store: s } = await store();
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.append('r1', [ev(i + 1)])));
    expect((await s.read('r1')).map((e) => e.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it('tolerates and reports a torn last line, then cuts it off on the next append', async () => {
    const { repo, store: s, file } = await store();
    await s.append('r1', [ev(1), ev(2)]);
    const torn = '{"event_id":"e3","run_id":"r1","se';
    await appendFile(file, torn);
    const fresh = createFileEventStore(repo); // as after a restart
    const report = await fresh.readWithReport('r1');
    expect(report.events).toEqual([ev(1), ev(2)]);
    expect(report.tornTail).toEqual({ line: 3, bytes: Buffer.byteLength(torn) });
    await fresh.append('r1', [ev(3)]);
    expect(await fresh.readWithReport('r1')).toEqual({ events: [ev(1), ev(2), ev(3)] });
    expect((await readFile(file, 'utf8')).endsWith(`${JSON.stringify(ev(3))}\n`)).toBe(true);
  });

  it('treats a complete but unparseable last line as torn too, even for a store that did not read first', async () => {
    const { repo, store: s, file } = await store();
    await s.append('r1', [ev(1)]);
    await appendFile(file, '\0\0\0\0\n');
    const other = createFileEventStore(repo);
    await other.append('r1', [ev(2)]);
    expect(await other.readWithReport('r1')).toEqual({ events: [ev(1), ev(2)] });
  });

  it('a bad line that is not the last is corruption, named by file and line', async () => {
    const { store: s, file } = await store();
    await s.append('r1', [ev(1)]);
    await appendFile(file, 'garbage\n');
    await appendFile(file, JSON.stringify(ev(3)) + '\n');
    const err = await s.read('r1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(
      `${file}: line 2: not a valid event, and it is not the last line: the log is corrupt (restore it, or cut it before this line)`,
    );
    await expect(s.append('r1', [ev(4)])).rejects.toThrow(/line 2/);
  });

  it('notices a log changed behind its back before appending', async () => {
    const { store: s, file } = await store();
    await s.append('r1', [ev(1)]);
    await writeFile(file, `${JSON.stringify(ev(1))}\n{"torn`);
    await s.append('r1', [ev(2)]);
    expect(await s.read('r1')).toEqual([ev(1), ev(2)]);
  });

  it('lists runs that have a log, and rejects run ids that would escape .uet/runs', async () => {
    const { store: s } = await store();
    expect(await s.listRuns()).toEqual([]);
    await s.append('b-run', [ev(1, 'b-run')]);
    await s.append('a-run', [ev(1, 'a-run')]);
    expect(await s.listRuns()).toEqual(['a-run', 'b-run']);
    await expect(s.append('../x', [ev(1)])).rejects.toThrow(/invalid run id/);
  });
});

describe('run lock', () => {
  it('refuses a second driver while the holder is alive, and frees the run on release', async () => {
    const { repo, store: s } = await store();
    const lock = await s.acquireRunLock('r1');
    expect(lock.info.pid).toBe(process.pid);
    const lockFile = path.join(repo, '.uet/runs/r1/lock');
    expect(JSON.parse(await readFile(lockFile, 'utf8'))).toEqual(lock.info);
    await expect(s.acquireRunLock('r1')).rejects.toThrow(`run r1 is being driven by pid ${process.pid}`);
    await lock.release();
    await expect(stat(lockFile)).rejects.toThrow();
    const again = await s.acquireRunLock('r1');
    await again.release();
  });

  it('refuses a lock held by a live pid (another process), and takes over a stale one', async () => {
    const { repo, store: s } = await store();
    const lockFile = path.join(repo, '.uet/runs/r1/lock');
    const held = await s.acquireRunLock('r1', { pid: 424242, isAlive: () => true });
    await expect(s.acquireRunLock('r1', { isAlive: () => true })).rejects.toMatchObject({
      name: 'RunLockedError',
      code: 'usage',
      holder: { pid: 424242 },
    });
    void held; // that process "dies" without releasing
    const mine = await s.acquireRunLock('r1', { isAlive: (pid) => pid !== 424242 });
    expect(JSON.parse(await readFile(lockFile, 'utf8')).pid).toBe(process.pid);
    // The new driver knows whom it took over from: what that driver left half-done is its to recover.
    expect(mine.takenOver?.holder).toMatchObject({ pid: 424242 });
    await mine.release();
    expect((await s.acquireRunLock('r1')).takenOver).toBeUndefined(); // a lock released cleanly: nothing to recover
  });

  it('refuses a lock held by a real live process', async () => {
    const { repo, store: s } = await store();
    const child = spawn('sleep', ['10'], { stdio: 'ignore' });
    try {
      await mkdir(path.join(repo, '.uet/runs/r1'), { recursive: true });
      await writeFile(
        path.join(repo, '.uet/runs/r1/lock'),
        JSON.stringify({ pid: child.pid, hostname: os.hostname(), started_at: 'x' }),
      );
      await expect(s.acquireRunLock('r1')).rejects.toThrow(`run r1 is being driven by pid ${child.pid}`);
    } finally {
      child.kill();
    }
  });

  it('is released when the holding process exits', async () => {
    const { repo } = await store();
    const src = path.resolve('src/adapters/store/file-event-store.ts');
    const code = `const { createFileEventStore } = await import(${JSON.stringify(src)}); await createFileEventStore(${JSON.stringify(repo)}).acquireRunLock('r1'); console.log('locked');`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('locked');
    await expect(stat(path.join(repo, '.uet/runs/r1/lock'))).rejects.toThrow();
  });

  it('takes over a lock whose pid is really dead, and an unreadable one', async () => {
    const { repo, store: s } = await store();
    const lockFile = path.join(repo, '.uet/runs/r1/lock');
    await s.append('r1', [ev(1)]);
    await writeFile(
      lockFile,
      JSON.stringify({ pid: 2 ** 22 + 12345, hostname: os.hostname(), started_at: 'x' }),
    );
    const a = await s.acquireRunLock('r1');
    await a.release();
    await writeFile(lockFile, '');
    const b = await s.acquireRunLock('r1');
    await b.release();
  });
});
