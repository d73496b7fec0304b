import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalExecutor } from '../../../src/adapters/executor/local-executor.js';
import { prepareLocalRun } from '../../../src/adapters/executor/prepare-local-run.js';
import { createFileLedgerStore } from '../../../src/adapters/patch/file-ledger-store.js';
import { createSystemClock } from '../../../src/adapters/system-clock.js';
import { createUlidSource } from '../../../src/adapters/ulid-source.js';
import type { LedgerStore } from '../../../src/core/patch/index.js';
import { createTempRepo, git, makeTask, makeTempDir, removeTempDirs, shellStep } from '../helpers/temp-repo.js';

afterAll(removeTempDirs);

const clock = createSystemClock();

/**
 * A ledger store that dies (throws, as a killed process would stop) right after writing an entry in `state`; a
 * prepared (staged) entry in `state` dies before it is put in place, as a process killed after the ref moved.
 */
function crashAfter(store: LedgerStore, state: string): LedgerStore {
  return {
    ...store,
    async write(entry, artifact, options) {
      await store.write(entry, artifact, options);
      if (entry.state === state) throw new Error(`simulated crash after writing ${state}`);
    },
    async prepare(entry) {
      const staged = await store.prepare!(entry);
      return {
        publish: async () => {
          if (entry.state !== state) return staged.publish();
          await staged.discard();
          throw new Error(`simulated crash before putting the ${state} entry in place`);
        },
        discard: () => staged.discard(),
      };
    },
  };
}

async function setup() {
  const repo = await createTempRepo({ 'README.md': 'hello\n' });
  const runId = createUlidSource(clock).newId();
  const { baseCommit } = await prepareLocalRun(repo, runId);
  const counter = path.join(await makeTempDir(), 'runs.txt');
  const node = shellStep('s', `echo x >> "${counter}" && echo done > out.txt`);
  const executor = (store?: LedgerStore) => createLocalExecutor({ repoDir: repo, runId, clock, baseCommit, ...(store ? { ledgerStore: store } : {}) });
  return { repo, runId, baseCommit, counter, node, executor, ledger: createFileLedgerStore(repo) };
}

describe('crash between the ledger write and the run log (real git)', () => {
  it('commit made, ledger still says validated: resume reconciles it to committed without running or applying again', async () => {
    const { repo, runId, baseCommit, counter, node, executor, ledger } = await setup();
    // The process dies after update-ref, before the committed entry (staged meanwhile) is in place: the ledger keeps
    // "validated", and the staged file is gone.
    const died = await executor(crashAfter(ledger, 'committed')).executeStep(makeTask(runId, node));
    expect(died).toMatchObject({ ok: false, errorClass: 'permanent', message: expect.stringContaining('simulated crash before putting the committed entry in place') });
    const [stale] = await ledger.list({ runId });
    expect(stale).toMatchObject({ state: 'validated' });
    expect((await readdir(path.join(repo, '.uet/ledger/patches'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const tipAfterCrash = await git(repo, 'rev-parse', `uet/run/${runId}`);
    expect(await git(repo, 'rev-list', '--count', `${baseCommit}..${tipAfterCrash}`)).toBe('1');

    const resumed = await executor().executeStep(makeTask(runId, node, { attempt: 2, attemptId: 'a2' }));
    expect(resumed).toMatchObject({ ok: true, message: 'recovered', commit: tipAfterCrash, patchId: stale!.patch_id });
    expect(resumed.events?.map((e) => e.type)).toEqual(['patch_applied', 'patch_committed']);
    expect(await readFile(counter, 'utf8')).toBe('x\n'); // the tool did not run again
    expect(await git(repo, 'rev-parse', `uet/run/${runId}`)).toBe(tipAfterCrash); // nothing applied twice
    const entries = await ledger.list({ runId });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ state: 'committed', commit: tipAfterCrash });
    expect(entries[0]!.state_history.at(-1)!.reason).toMatch(/reconciled on resume/);
  });

  it('ledger says validated but the commit never happened: the new attempt makes its own patch and supersedes the old one', async () => {
    const { repo, runId, baseCommit, counter, node, executor, ledger } = await setup();
    const died = await executor(crashAfter(ledger, 'validated')).executeStep(makeTask(runId, node));
    expect(died.ok).toBe(false);
    expect(await git(repo, 'rev-parse', `uet/run/${runId}`)).toBe(baseCommit);
    const [orphan] = await ledger.list({ runId });
    expect(orphan!.state).toBe('validated');

    const again = await executor().executeStep(makeTask(runId, node, { attempt: 2, attemptId: 'a2' }));
    expect(again).toMatchObject({ ok: true });
    expect(again.events?.map((e) => e.type)).toEqual(['patch_superseded', 'patch_created', 'patch_validated', 'patch_applied', 'patch_committed']);
    expect(await readFile(counter, 'utf8')).toBe('x\nx\n');
    const entries = await ledger.list({ runId });
    expect(entries.map((e) => e.state)).toEqual(['superseded', 'committed']);
    expect(entries[0]!.relationships.superseded_by).toBe(entries[1]!.patch_id);
    expect(entries[1]!.relationships).toMatchObject({ replaces: entries[0]!.patch_id, chain_id: `${runId}/s` });
    expect(await git(repo, 'rev-list', '--count', `${baseCommit}..uet/run/${runId}`)).toBe('1'); // one commit for the step
    expect(await git(repo, 'log', '-1', '--format=%(trailers:key=UET-Patch,valueonly,separator=)', `uet/run/${runId}`)).toBe(entries[1]!.patch_id);
  });
});
