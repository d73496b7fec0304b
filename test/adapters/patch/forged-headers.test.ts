import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyPatchArtifact } from '../../../src/adapters/patch/apply-patch-artifact.js';
import { createInProcessApplier } from '../../../src/adapters/patch/apply-in-process.js';
import { sha256Of } from '../../../src/core/patch/index.js';
import { git, removeTempDirs } from '../helpers/temp-repo.js';
import { patchRepo } from './patch-repo.js';

afterAll(removeTempDirs);

const FILES = { 'docs/a.md': 'hello\n', 'docs/infra/prod.tf': 'docs copy\n', 'infra/prod.tf': 'resource "x" {}\n', 'README.md': 'hi\n' };
const POLICY = { allowed_paths: ['docs/**'], forbidden_paths: ['infra/**'] };

/**
 * A forged artifact as a careful attacker writes it: its claims match what a naive reader of the headers sees (the
 * claimed paths, the hash of the diff), so that only the header trick is in play.
 */
const forge = (baseCommit: string, runId: string, diff: string, claimed: string[]) => ({
  patch_id: '01KANZHRDGXD02XAFQQCQFF5ZF',
  format: 'unified_diff',
  target_repo: '/repo',
  base_commit: baseCommit,
  origin: { run_id: runId, tool_id: 'aider', created_at: '2026-01-01T00:00:00Z' },
  scope: {
    files_touched: claimed,
    line_insertions: diff.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++ ')).length,
    line_deletions: diff.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('--- ')).length,
    hunks: diff.split('\n').filter((l) => l.startsWith('@@ ')).length,
  },
  diff_sha256: sha256Of(diff),
  diff_text: diff,
});

/** What real `git apply --cached` writes for a diff on `base`: the paths of the index afterwards that differ. */
function gitWrites(root: string, base: string, diff: string): string {
  const index = path.join(root, '..', `probe-index-${Math.random().toString(36).slice(2)}`);
  const env = { ...process.env, GIT_INDEX_FILE: index };
  try {
    execFileSync('git', ['read-tree', base], { cwd: root, env });
    execFileSync('git', ['apply', '--cached', '-'], { cwd: root, env, input: diff });
    return execFileSync('git', ['diff', '--cached', '--no-renames', '--name-only', base], { cwd: root, env, encoding: 'utf8' }).trim();
  } finally {
    rmSync(index, { force: true });
  }
}

const TRICKS: { name: string; diff: string; claimed: string[]; gitWrites?: string; reason: string; rules: string[] }[] = [
  {
    name: 'a/-less diff --git header: judged as docs/infra/new.tf, written as infra/new.tf',
    diff: 'diff --git docs/infra/new.tf docs/infra/new.tf\nnew file mode 100644\n--- /dev/null\n+++ docs/infra/new.tf\n@@ -0,0 +1 @@\n+resource "evil" {}\n',
    claimed: ['docs/infra/new.tf'],
    gitWrites: 'infra/new.tf',
    reason: 'forged',
    rules: ['forged_header'],
  },
  {
    name: 'a/-less header that git writes as .github/workflows/evil.yml',
    diff: 'diff --git x/.github/workflows/evil.yml x/.github/workflows/evil.yml\nnew file mode 100644\n--- /dev/null\n+++ x/.github/workflows/evil.yml\n@@ -0,0 +1 @@\n+on: push\n',
    claimed: ['x/.github/workflows/evil.yml'],
    gitWrites: '.github/workflows/evil.yml',
    reason: 'forged',
    rules: ['forged_header'],
  },
  {
    name: 'rename header trick: diff --git names docs/a.md, rename to names infra/a.md',
    diff: 'diff --git a/docs/a.md b/docs/a.md\nsimilarity index 100%\nrename from docs/a.md\nrename to infra/a.md\n',
    claimed: ['docs/a.md'],
    gitWrites: 'docs/a.md\ninfra/a.md',
    reason: 'forged',
    rules: ['forged_header'],
  },
  {
    name: 'copy header trick: diff --git names docs/b.md, copy to names infra/b.md',
    diff: 'diff --git a/docs/a.md b/docs/b.md\nsimilarity index 100%\ncopy from docs/a.md\ncopy to infra/b.md\n',
    claimed: ['docs/b.md'],
    reason: 'forged',
    rules: ['forged_header'],
  },
  {
    name: '--- a/x disagrees with diff --git: the hunk is applied to infra/prod.tf',
    diff: 'diff --git a/docs/a.md b/docs/a.md\n--- a/infra/prod.tf\n+++ b/infra/prod.tf\n@@ -1 +1,2 @@\n resource "x" {}\n+resource "evil" {}\n',
    claimed: ['docs/a.md'],
    reason: 'forged',
    rules: ['forged_header'],
  },
  {
    name: 'symlink then file: docs/sub -> ../infra, then docs/sub/prod.tf through it',
    diff:
      'diff --git a/docs/sub b/docs/sub\nnew file mode 120000\n--- /dev/null\n+++ b/docs/sub\n@@ -0,0 +1 @@\n+../infra\n\\ No newline at end of file\n' +
      'diff --git a/docs/sub/prod.tf b/docs/sub/prod.tf\nnew file mode 100644\n--- /dev/null\n+++ b/docs/sub/prod.tf\n@@ -0,0 +1 @@\n+resource "evil" {}\n',
    claimed: ['docs/sub', 'docs/sub/prod.tf'],
    reason: 'policy_violation',
    rules: ['symlink_target'],
  },
];

describe('a forged header cannot write outside the policy (applyPatchArtifact, real git)', () => {
  for (const t of TRICKS) {
    it(`quarantines the ${t.name}; nothing reaches the run branch`, async () => {
      const { root, run, tip, baseCommit, runId } = await patchRepo(FILES);
      if (t.gitWrites !== undefined) expect(gitWrites(root, baseCommit, t.diff)).toBe(t.gitWrites); // the trick is real
      const out = await applyPatchArtifact({ ...run, policy: { ...run.policy, ...POLICY } }, forge(baseCommit, runId, t.diff, t.claimed));
      expect(out, out.message).toMatchObject({ status: 'quarantined', quarantineReason: t.reason });
      expect(out.violations.map((v) => v.rule)).toEqual(expect.arrayContaining(t.rules));
      expect(await tip()).toBe(baseCommit);
      expect(await git(root, 'for-each-ref', '--format=%(refname)', 'refs/heads/')).not.toMatch(/infra|workflows/);
    });
  }

  it('quarantines as forged a diff whose parse and what git wrote disagree (a hunk that changes nothing)', async () => {
    const { run, tip, baseCommit, runId } = await patchRepo(FILES);
    const diff = 'diff --git a/docs/a.md b/docs/a.md\n--- a/docs/a.md\n+++ b/docs/a.md\n@@ -1 +1 @@\n-hello\n+hello\n';
    const out = await applyPatchArtifact({ ...run, policy: { ...run.policy, ...POLICY } }, forge(baseCommit, runId, diff, ['docs/a.md']));
    expect(out).toMatchObject({ status: 'quarantined', quarantineReason: 'forged' });
    expect(out.violations).toEqual([{ rule: 'written_mismatch', path: 'docs/a.md', message: 'the diff names this path, but git did not change it' }]);
    expect(out.entry.validation_results?.map((r) => `${r.check}:${r.passed}`)).toEqual(['format:true', 'policy:true', 'oscillation:true', 'written:false']);
    expect(await tip()).toBe(baseCommit);
  });

  it('the in-process applier is judged on what it wrote too: a symlink into infra/ is quarantined', async () => {
    const { root, run, tip, baseCommit, runId, patches } = await patchRepo(FILES);
    const applier = await createInProcessApplier(root, run.configArgs, () => patches.clock.now());
    try {
      const diff = 'diff --git a/docs/link b/docs/link\nnew file mode 120000\nindex 0000000..1111111\n--- /dev/null\n+++ b/docs/link\n@@ -0,0 +1 @@\n+../infra/prod.tf\n\\ No newline at end of file\n';
      const out = await applyPatchArtifact({ ...run, applier, policy: { ...run.policy, ...POLICY } }, forge(baseCommit, runId, diff, ['docs/link']));
      expect(out).toMatchObject({ status: 'quarantined', quarantineReason: 'policy_violation' });
      expect(out.violations.map((v) => `${v.rule} ${v.path}`)).toEqual(['symlink_target docs/link']);
      expect(await tip()).toBe(baseCommit);
    } finally {
      applier.close();
    }
  });
});
