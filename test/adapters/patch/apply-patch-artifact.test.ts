import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyPatchArtifact } from '../../../src/adapters/patch/apply-patch-artifact.js';
import { buildPatchScope, parseGitDiff } from '../../../src/core/patch/index.js';
import { git, removeTempDirs } from '../helpers/temp-repo.js';
import { patchRepo } from './patch-repo.js';

afterAll(removeTempDirs);

/** The honest scope of an artifact's diff, so that only what a test means to forge is forged. */
const honest = <T extends { diff_text: string }>(a: T) => {
  const r = parseGitDiff(a.diff_text);
  return { ...a, scope: r.ok ? buildPatchScope(r.files) : { files_touched: [], line_insertions: 0, line_deletions: 0, hunks: 0 } };
};

describe('applyPatchArtifact (real git)', () => {
  it('quarantines a forged artifact whose paths escape the repository (../outside, /etc/passwd); nothing reaches the run branch', async () => {
    const { root, run, tip, baseCommit } = await patchRepo();
    const forged = {
      patch_id: '01KANZHRDGXD02XAFQQCQFF5ZF',
      format: 'unified_diff',
      target_repo: root,
      base_commit: baseCommit,
      origin: { tool_id: 'aider', created_at: '2026-01-01T00:00:00Z' },
      scope: { files_touched: ['../outside', '/etc/passwd'], line_insertions: 2, line_deletions: 0, hunks: 2 },
      diff_text:
        'diff --git a/../outside b/../outside\nnew file mode 100644\n--- /dev/null\n+++ b/../outside\n@@ -0,0 +1 @@\n+pwned\n' +
        'diff --git a//etc/passwd b//etc/passwd\n--- a//etc/passwd\n+++ b//etc/passwd\n@@ -1 +1,2 @@\n root:x:0:0::/root:/bin/sh\n+evil::0:0::/:/bin/sh\n',
    };
    const out = await applyPatchArtifact(run, forged);
    expect(out).toMatchObject({ status: 'quarantined', quarantineReason: 'forged' });
    const why = out.violations.map((v) => `${v.rule} ${v.path ?? v.message}`);
    expect(why).toEqual(expect.arrayContaining(['path_escape ../outside', 'path_escape /etc/passwd']));
    expect(why.filter((w) => w.startsWith('contract'))).toHaveLength(2); // its scope claims fail repo_path
    expect(await tip()).toBe(baseCommit);
    expect(existsSync(path.join(root, '..', 'outside'))).toBe(false);
    const q = JSON.parse(readFileSync(path.join(root, '.uet/ledger/quarantine/01KANZHRDGXD02XAFQQCQFF5ZF.json'), 'utf8'));
    expect(q.quarantine.reason).toBe('forged');
    expect(readFileSync(path.join(root, '.uet/ledger/quarantine/01KANZHRDGXD02XAFQQCQFF5ZF.diff'), 'utf8')).toBe(forged.diff_text);
  });

  it('replaces a patch id that is not a ULID instead of using it as a file name', async () => {
    const { root, run } = await patchRepo();
    const out = await applyPatchArtifact(run, { patch_id: '../../escape', diff_text: 'garbage' });
    expect(out.status).toBe('rejected');
    expect(out.entry.patch_id).toMatch(/^[0-9A-Z]{26}$/);
    expect(existsSync(path.join(root, '.uet/ledger/patches', `${out.entry.patch_id}.json`))).toBe(true);
  });

  it('applies an honest artifact as one commit on the run branch with trailers, fast-forward or 3-way', async () => {
    const { root, run, tip, artifactFor, runId } = await patchRepo();
    const first = honest(await artifactFor({ 'src/a.txt': 'ONE\ntwo\nthree\n' }));
    const stale = honest(await artifactFor({ 'src/a.txt': 'one\ntwo\nTHREE\n' })); // same base as first
    const a = await applyPatchArtifact(run, first);
    expect(a).toMatchObject({ status: 'committed' });
    expect(a.entry.state_history.map((t) => t.reason)).toContain('fast-forward of the run branch');
    const b = await applyPatchArtifact(run, stale);
    expect(b.status).toBe('committed');
    expect(b.entry.state_history.map((t) => t.reason)).toContain('3-way apply on the run branch (merge-tree)');
    expect(await git(root, 'show', `${await tip()}:src/a.txt`)).toBe('ONE\ntwo\nTHREE');
    expect(await git(root, 'log', '-1', '--format=%(trailers:key=UET-Run,valueonly,separator=)|%(trailers:key=UET-Patch,valueonly,separator=)', await tip())).toBe(`${runId}|${stale.patch_id}`);
    expect(await git(root, 'status', '--porcelain')).toBe('');
  });

  it('rejects an artifact whose base is unknown or whose diff does not apply to its base', async () => {
    const { run, artifactFor, tip, baseCommit } = await patchRepo();
    const unknown = honest({ ...(await artifactFor({ 'x.txt': 'x\n' })), base_commit: 'deadbeefdeadbeef' });
    expect(await applyPatchArtifact(run, unknown)).toMatchObject({ status: 'rejected', message: expect.stringMatching(/base commit "deadbeefdeadbeef" is not in the repository/) });
    const good = await artifactFor({ 'src/a.txt': 'changed\n' });
    const wrong = honest({ ...good, diff_text: good.diff_text.replace(/^-one$/m, '-uno') });
    expect(await applyPatchArtifact(run, wrong)).toMatchObject({ status: 'rejected', message: expect.stringMatching(/does not apply to its base commit/) });
    expect(await tip()).toBe(baseCommit);
  });

  it('measures files after applying: a modified file over max_file_bytes is quarantined', async () => {
    const { run, artifactFor, tip, baseCommit } = await patchRepo();
    const big = honest(await artifactFor({ 'src/a.txt': 'x'.repeat(2000) + '\n' }));
    const out = await applyPatchArtifact({ ...run, policy: { ...run.policy, max_file_bytes: 1000 } }, big);
    expect(out).toMatchObject({ status: 'quarantined', quarantineReason: 'policy_violation' });
    expect(out.violations).toEqual([expect.objectContaining({ rule: 'max_file_bytes', path: 'src/a.txt' })]);
    expect(await tip()).toBe(baseCommit);
  });
});
