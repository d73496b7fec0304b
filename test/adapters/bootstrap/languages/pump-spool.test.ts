import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSpoolPump } from '../../../../src/adapters/bootstrap/languages/pump-spool.js';
import { makeTempDir, removeTempDirs } from '../../helpers/temp-repo.js';

afterAll(removeTempDirs);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function spool(fd: number, state: { exited: boolean }) {
  const pushed: string[] = [];
  let failed = 0;
  const pump = createSpoolPump({
    fd,
    parser: () => ({ push: (chunk: Buffer) => void pushed.push(chunk.toString()), holdsChunk: () => false }),
    pending: () => true,
    exited: () => state.exited,
    fail: () => void failed++,
  });
  return { pump, pushed, failed: () => failed };
}

describe('createSpoolPump', () => {
  it('feeds what git writes as it comes, and fails what is pending once git has exited', async () => {
    const dir = await makeTempDir('uet-spool-');
    const file = join(dir, 'out');
    writeFileSync(file, '');
    const fd = openSync(file, 'r');
    const state = { exited: false };
    const s = spool(fd, state);
    try {
      s.pump.pump();
      await sleep(20);
      writeFileSync(file, 'abc');
      await sleep(20);
      expect(s.pushed.join('')).toBe('abc');
      state.exited = true;
      await sleep(20);
      expect(s.failed()).toBe(1);
    } finally {
      closeSync(fd);
    }
  });

  it('once stopped, ignores a read under way: a closed descriptor, or its number reused by the next file', async () => {
    // An old git (no --batch-command) makes the reader start over with a new spool file while the first pump
    // is still polling the old one; the old descriptor is closed and its number is usually given to the new
    // file. A pump that kept going would fail the requests resent to the new git, or parse the new output twice.
    const dir = await makeTempDir('uet-spool-');
    const first = join(dir, 'first');
    writeFileSync(first, '');
    const fd = openSync(first, 'r');
    const state = { exited: false };
    const s = spool(fd, state);
    s.pump.pump(); // polls: git has written nothing yet
    await sleep(10);
    s.pump.stop();
    closeSync(fd);
    const second = join(dir, 'second');
    writeFileSync(second, 'output of the new git');
    const reused = openSync(second, 'r');
    try {
      await sleep(30);
      expect(s.pushed).toEqual([]);
      expect(s.failed()).toBe(0);
      s.pump.pump(); // a call after stop does nothing either
      await sleep(10);
      expect([s.pushed, s.failed()]).toEqual([[], 0]);
    } finally {
      closeSync(reused);
    }
  });
});
