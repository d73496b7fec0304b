import type * as NodeFs from 'node:fs';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir, removeTempDirs } from '../helpers/temp-repo.js';

// Every open, fsync and rename in order, by path: the durability order is what is tested.
const trace: string[] = [];
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>();
  const paths = new Map<number, string>();
  return {
    ...fs,
    openSync: (p: string, flags: string) => {
      const fd = fs.openSync(p, flags);
      paths.set(fd, p);
      return fd;
    },
    fsync: (fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => {
      trace.push(`fsync ${paths.get(fd)}`);
      fs.fsync(fd, cb);
    },
    renameSync: (from: string, to: string) => {
      trace.push(`rename ${from} -> ${to}`);
      fs.renameSync(from, to);
    },
  };
});
const { stageFile, writeFilesAtomic } = await import('../../../src/adapters/patch/atomic-write.js');

afterAll(removeTempDirs);
beforeEach(() => {
  trace.length = 0;
});

describe('writeFilesAtomic', () => {
  it('fsyncs each durable temporary file before renaming it into place, then the directory; leaves no temporary file', async () => {
    const dir = await makeTempDir();
    const [diff, head, entry] = ['a.diff', 'a.artifact.json', 'a.json'].map((n) => path.join(dir, n));
    writeFileSync(entry!, 'old');
    await writeFilesAtomic([{ file: diff!, data: 'diff' }, { file: head!, data: new TextEncoder().encode('head'), durable: false }, { file: entry!, data: 'new' }]);
    expect(readdirSync(dir).sort()).toEqual(['a.artifact.json', 'a.diff', 'a.json']);
    expect([diff, head, entry].map((f) => readFileSync(f!, 'utf8'))).toEqual(['diff', 'head', 'new']);
    const renames = trace.filter((t) => t.startsWith('rename'));
    expect(renames.map((t) => t.split(' -> ')[1])).toEqual([diff, head, entry]); // in the order given: the entry last
    for (const r of renames) {
      const temp = r.slice('rename '.length).split(' -> ')[0]!;
      const synced = trace.indexOf(`fsync ${temp}`);
      if (r.endsWith(head!)) expect(synced).toBe(-1); // derived data: not fsync'd
      else {
        expect(synced).toBeGreaterThan(-1);
        expect(synced).toBeLessThan(trace.indexOf(r));
      }
    }
    expect(trace.at(-1)).toBe(`fsync ${dir}`); // the renames made durable
  });

  it('syncDirs false (a reconcilable entry): the file is still fsync\'d before its rename, the directory is not', async () => {
    const dir = await makeTempDir();
    const entry = path.join(dir, 'a.json');
    writeFileSync(entry, 'validated');
    await writeFilesAtomic([{ file: entry, data: 'committed' }], { syncDirs: false });
    expect(readFileSync(entry, 'utf8')).toBe('committed');
    expect(trace).toHaveLength(2);
    expect(trace[0]).toMatch(/^fsync .*a\.json\..*\.tmp$/);
    expect(trace[1]).toMatch(/^rename .*a\.json\..*\.tmp -> .*a\.json$/);
  });

  it('a rename that fails leaves no temporary file and throws', async () => {
    const dir = await makeTempDir();
    mkdirSync(path.join(dir, 'taken', 'x'), { recursive: true }); // a non-empty directory cannot be renamed over
    await expect(writeFilesAtomic([{ file: path.join(dir, 'taken'), data: 'x' }])).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it('creates missing directories durably (the parent of each new one is fsync\'d)', async () => {
    const dir = await makeTempDir();
    await writeFilesAtomic([{ file: path.join(dir, 'x', 'y', 'e.json'), data: '{}' }]);
    expect(readFileSync(path.join(dir, 'x', 'y', 'e.json'), 'utf8')).toBe('{}');
    expect(trace).toContain(`fsync ${dir}`);
    expect(trace).toContain(`fsync ${path.join(dir, 'x')}`);
  });

  it('stageFile: fsync\'d beside the target but not in place until publish; discard leaves the target as it was', async () => {
    const dir = await makeTempDir();
    const entry = path.join(dir, 'a.json');
    writeFileSync(entry, 'validated');
    const staged = await stageFile(entry, 'committed');
    expect(readFileSync(entry, 'utf8')).toBe('validated'); // no reader sees it yet
    expect(trace).toHaveLength(1);
    expect(trace[0]).toMatch(/^fsync .*a\.json\..*\.tmp$/);
    staged.publish();
    expect(readFileSync(entry, 'utf8')).toBe('committed');
    expect(trace[1]).toMatch(/^rename .*a\.json\..*\.tmp -> .*a\.json$/);
    expect(() => staged.publish()).toThrow(/already/);
    const dropped = await stageFile(entry, 'conflicted');
    dropped.discard();
    expect(readFileSync(entry, 'utf8')).toBe('committed');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });
});
