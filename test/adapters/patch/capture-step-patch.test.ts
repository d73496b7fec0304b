import { chmod, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { captureStepPatch, compareNumstat } from '../../../src/adapters/patch/capture-step-patch.js';
import { readNumstat } from '../../../src/adapters/patch/read-diff.js';
import { createTempRepo, git, removeTempDirs, writeFiles } from '../helpers/temp-repo.js';

afterAll(removeTempDirs);

const origin = { tool_id: 'shell', created_at: '2026-01-01T00:00:00Z' };
async function commitAll(repo: string): Promise<string> {
  await git(repo, 'add', '-A');
  await git(repo, 'commit', '-q', '--allow-empty', '-m', 'step');
  return git(repo, 'rev-parse', 'HEAD');
}

describe('captureStepPatch (real git)', () => {
  it('captures new, deleted, renamed, mode-changed, binary, symlink and oddly named files; scope agrees with numstat', async () => {
    const repo = await createTempRepo({ 'a.txt': 'a\nb\nc\n', 'old.md': 'keep me around\nfor rename detection\n', 'del.txt': 'x\n', 'img.bin': 'bin\0ary', 'run.sh': 'echo\n' });
    const base = await git(repo, 'rev-parse', 'HEAD');
    await writeFiles(repo, { 'a.txt': 'a\nB\nc\nd\n', 'img.bin': 'bin\0ary2', 'new dir/we\tird ü.txt': 'tab\n', 'noeol.txt': 'no eol' });
    await git(repo, 'mv', 'old.md', 'new.md');
    await rm(path.join(repo, 'del.txt'));
    await chmod(path.join(repo, 'run.sh'), 0o755);
    await symlink('/etc/passwd', path.join(repo, 'pw'));
    const commit = await commitAll(repo);
    const c = await captureStepPatch({ root: repo, patchId: '01KANZJ00000000000000000A1', base, commit, origin });
    expect(c.numstatMismatch).toBeUndefined();
    expect(c.parsed.ok).toBe(true);
    expect(c.artifact.scope).toEqual({
      files_touched: ['a.txt', 'del.txt', 'img.bin', 'new dir/we\tird ü.txt', 'new.md', 'noeol.txt', 'pw', 'run.sh'],
      line_insertions: 5,
      line_deletions: 2,
      hunks: 5,
      files_created: ['new dir/we\tird ü.txt', 'noeol.txt', 'pw'],
      files_deleted: ['del.txt'],
      files_renamed: [{ from: 'old.md', to: 'new.md' }],
      binary_files: ['img.bin'],
    });
    expect(c.artifact.diff_text).toContain('GIT binary patch');
    expect(c.sizes.get('a.txt')).toBe(8);
    expect(c.sizes.get('img.bin')).toBe(8);
    expect(c.artifact.diff_sha256).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('reports a disagreement between the parse and git diff --numstat', async () => {
    const repo = await createTempRepo({ 'a.txt': 'a\n' });
    const base = await git(repo, 'rev-parse', 'HEAD');
    await writeFile(path.join(repo, 'a.txt'), 'b\n');
    const commit = await commitAll(repo);
    const c = await captureStepPatch({ root: repo, patchId: '01KANZJ00000000000000000A2', base, commit, origin });
    const numstat = await readNumstat(repo, base, commit);
    numstat.set('a.txt', { insertions: 9, deletions: 1 });
    numstat.set('ghost.txt', null);
    expect(compareNumstat(c.parsed.ok ? c.parsed.files : [], numstat)).toEqual(['a.txt: parsed +1 -1, git counts +9 -1', 'ghost.txt: in git diff --numstat but not in the parsed diff']);
  });

  it('agrees with git diff --numstat on random edits (property, real git)', async () => {
    const repo = await createTempRepo({ 'seed.txt': 'seed\n' });
    const line = fc.stringMatching(/^[a-z é\t]{0,12}$/);
    const content = fc.array(line, { maxLength: 8 }).map((ls) => ls.join('\n'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('f1.txt', 'f2.txt', 'd/f3.txt', 'sp ace.txt'), fc.option(content, { nil: null }), fc.boolean()), { minLength: 1, maxLength: 5 }), async (edits) => {
        const base = await git(repo, 'rev-parse', 'HEAD');
        for (const [file, text, eol] of edits) {
          if (text === null) await rm(path.join(repo, file), { force: true });
          else await writeFiles(repo, { [file]: eol ? `${text}\n` : text });
        }
        const commit = await commitAll(repo);
        const c = await captureStepPatch({ root: repo, patchId: '01KANZJ00000000000000000A3', base, commit, origin });
        if (c.artifact.diff_text === '') return; // the edits changed nothing
        expect(c.parsed.ok, JSON.stringify(c.parsed)).toBe(true);
        expect(c.numstatMismatch).toBeUndefined();
      }),
      { numRuns: 25 },
    );
  });
});
