import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileLedgerStore } from '../../../src/adapters/patch/file-ledger-store.js';
import { createLedgerEntry, transitionLedgerEntry } from '../../../src/core/patch/index.js';
import { artifactOf, modifyDiff, nextPatchId, RUN } from '../../core/patch/diff-fixtures.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-repo.js';

afterAll(removeTempDirs);

const entryOf = (patchId: string, runId = RUN) =>
  createLedgerEntry({ patchId, runId, stepId: 's', attempt: 1, chainId: `${runId}/s`, at: '2026-01-01T00:00:00Z', reason: 'captured', patchPath: `.uet/ledger/patches/${patchId}.diff` });

describe('file ledger store', () => {
  it('writes the entry, its diff and its artifact under .uet/ledger/patches/, atomically, and reads them back', async () => {
    const root = await makeTempDir();
    const store = createFileLedgerStore(root);
    const id = nextPatchId();
    const artifact = artifactOf(modifyDiff('a.txt', ['x'], ['y']), id);
    const entry = entryOf(id);
    await store.write(entry, artifact);
    const dir = path.join(root, '.uet/ledger/patches');
    expect((await readdir(dir)).sort()).toEqual([`${id}.artifact.json`, `${id}.diff`, `${id}.json`]); // no temporary files left
    expect(await readFile(path.join(dir, `${id}.diff`), 'utf8')).toBe(artifact.diff_text);
    expect(await store.read(id)).toEqual(entry);
    expect(await store.readArtifact(id)).toEqual(artifact);
    const next = transitionLedgerEntry(entry, 'validated', { at: '2026-01-01T00:00:01Z', reason: 'ok' });
    await store.write(next);
    expect((await store.read(id))?.state).toBe('validated');
    expect(await store.readArtifact(id)).toEqual(artifact); // untouched by the second write
  });

  it('lists by run and state, oldest first; unknown ids read as null; ids that are not ULIDs are refused', async () => {
    const root = await makeTempDir();
    const store = createFileLedgerStore(root);
    expect(await store.list()).toEqual([]);
    const [a, b, c] = [nextPatchId(), nextPatchId(), nextPatchId()];
    await store.write(entryOf(c, '01KANZHJJ08AV9KT9MF4BWS95V'));
    await store.write(entryOf(a));
    await store.write(transitionLedgerEntry(entryOf(b), 'dropped', { at: 'x', reason: 'y' }));
    expect((await store.list()).map((e) => e.patch_id)).toEqual([a, b, c]);
    expect((await store.list({ runId: RUN })).map((e) => e.patch_id)).toEqual([a, b]);
    expect((await store.list({ state: 'dropped' })).map((e) => e.patch_id)).toEqual([b]);
    expect(await store.read(nextPatchId())).toBeNull();
    await expect(store.read('../../etc/passwd')).rejects.toThrow(/invalid patch id/);
  });

  it('keeps a quarantined patch under .uet/ledger/quarantine/<id>.{json,diff} with its reasons', async () => {
    const root = await makeTempDir();
    const store = createFileLedgerStore(root);
    const id = nextPatchId();
    const artifact = artifactOf(modifyDiff('.github/workflows/ci.yml', ['x'], ['y']), id);
    const quarantine = { reason: 'policy_violation' as const, reasons: [{ rule: 'always_forbidden', path: '.github/workflows/ci.yml', message: 'no' }], quarantined_at: '2026-01-01T00:00:00Z', path: store.quarantinePath(id) };
    const entry = transitionLedgerEntry(entryOf(id), 'quarantined', { at: '2026-01-01T00:00:00Z', reason: 'policy', quarantine });
    await store.write(entry, artifact);
    await store.quarantine(entry, artifact);
    const q = path.join(root, '.uet/ledger/quarantine');
    expect(await readFile(path.join(q, `${id}.diff`), 'utf8')).toBe(artifact.diff_text);
    const record = JSON.parse(await readFile(path.join(q, `${id}.json`), 'utf8'));
    expect(record).toMatchObject({ artifact: { patch_id: id }, quarantine: { reason: 'policy_violation' }, ledger_entry: { state: 'quarantined' } });
  });
});
