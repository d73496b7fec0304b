import { afterAll, describe, expect, it } from 'vitest';
import { applyPatchArtifact } from '../../../src/adapters/patch/apply-patch-artifact.js';
import { rollbackPatch } from '../../../src/adapters/patch/rollback-patch.js';
import { validateDocument } from '../../../src/core/contracts/index.js';
import { buildPatchScope, parseGitDiff } from '../../../src/core/patch/index.js';
import { git, removeTempDirs } from '../helpers/temp-repo.js';
import { patchRepo } from './patch-repo.js';

afterAll(removeTempDirs);

const honest = <T extends { diff_text: string }>(a: T) => {
  const r = parseGitDiff(a.diff_text);
  return { ...a, scope: r.ok ? buildPatchScope(r.files) : { files_touched: [], line_insertions: 0, line_deletions: 0, hunks: 0 } };
};

describe('rollbackPatch (real git)', () => {
  it('reverts the last patch (fast-forward) and an earlier one (3-way), each with its own ledger entry', async () => {
    const { root, run, patches, tip, artifactFor, runId } = await patchRepo();
    const spec = { patches, commonDir: run.commonDir, configArgs: run.configArgs, mergeBaseOption: false };
    const a = await applyPatchArtifact(run, honest(await artifactFor({ 'src/a.txt': 'ONE\ntwo\nthree\n' })));
    const b = await applyPatchArtifact(run, honest(await artifactFor({ 'notes.md': 'notes\n' })));
    const before = await git(root, 'rev-parse', 'HEAD');

    const rb = await rollbackPatch({ ...spec, patchId: b.entry.patch_id });
    expect(rb.outcome.status).toBe('committed');
    expect(await git(root, 'ls-tree', '--name-only', await tip())).not.toContain('notes.md');
    const ra = await rollbackPatch({ ...spec, patchId: a.entry.patch_id });
    expect(ra.outcome.status).toBe('committed');
    expect(await git(root, 'show', `${await tip()}:src/a.txt`)).toBe('one\ntwo\nthree');
    expect(await git(root, 'rev-list', '--count', `uet/run/${runId}`)).toBe('5');

    const original = (await patches.store.read(a.entry.patch_id))!;
    const rollback = (await patches.store.read(ra.outcome.entry.patch_id))!;
    expect(original).toMatchObject({ state: 'rolled_back', relationships: { rolled_back_by: rollback.patch_id } });
    expect(rollback).toMatchObject({ state: 'committed', relationships: { rollback_of: a.entry.patch_id, chain_id: original.relationships.chain_id } });
    expect(rollback.step_id).toBeUndefined();
    for (const e of [original, rollback]) expect(validateDocument('patch_ledger_entry', e).ok).toBe(true);
    expect(ra.events.map((e) => e.type)).toEqual(['patch_created', 'patch_validated', 'patch_applied', 'patch_committed', 'patch_rolled_back']);
    const message = await git(root, 'log', '-1', '--format=%B', await tip());
    expect(message).toMatch(/^Revert "edit"/);
    expect(message).toContain(`UET-Rollback-Of: ${a.entry.patch_id}`);
    expect(message).not.toContain('UET-Step');
    expect(await git(root, 'rev-parse', 'HEAD')).toBe(before); // the checkout is untouched
    expect(await git(root, 'status', '--porcelain')).toBe('');
  });

  it('refuses what cannot be rolled back, and leaves the original committed when the revert conflicts', async () => {
    const { run, patches, artifactFor } = await patchRepo();
    const spec = { patches, commonDir: run.commonDir, configArgs: run.configArgs, mergeBaseOption: false };
    await expect(rollbackPatch({ ...spec, patchId: '01KANZHRDGXD02XAFQQCQFF5ZF' })).rejects.toThrow(/unknown patch/);
    const a = await applyPatchArtifact(run, honest(await artifactFor({ 'src/a.txt': 'ONE\ntwo\nthree\n' })));
    await applyPatchArtifact(run, honest(await artifactFor({ 'src/a.txt': 'ONE-AGAIN\ntwo\nthree\n' })));
    const r = await rollbackPatch({ ...spec, patchId: a.entry.patch_id });
    expect(r.outcome).toMatchObject({ status: 'conflicted', conflicts: ['src/a.txt'] });
    expect((await patches.store.read(a.entry.patch_id))!.state).toBe('committed');
    await expect(rollbackPatch({ ...spec, patchId: r.outcome.entry.patch_id })).rejects.toThrow(/is conflicted; only a committed patch/);
  });

  it('counts a rollback as an undo: re-applying the rolled-back patch is an oscillation', async () => {
    const { run, patches, artifactFor, tip } = await patchRepo();
    const spec = { patches, commonDir: run.commonDir, configArgs: run.configArgs, mergeBaseOption: false };
    const a = await applyPatchArtifact(run, honest(await artifactFor({ 'src/a.txt': 'ONE\ntwo\nthree\n' })));
    await rollbackPatch({ ...spec, patchId: a.entry.patch_id });
    const before = await tip();
    const again = await applyPatchArtifact(run, honest(await artifactFor({ 'src/a.txt': 'ONE\ntwo\nthree\n' })));
    expect(again).toMatchObject({ status: 'quarantined', quarantineReason: 'oscillation' });
    expect(await tip()).toBe(before);
  });
});
