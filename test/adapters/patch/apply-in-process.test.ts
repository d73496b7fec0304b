import { chmod, mkdir, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readCommitConfigArgs } from '../../../src/adapters/git/commit-identity.js';
import { gitCommonDir } from '../../../src/adapters/git/repo-queries.js';
import { createInProcessApplier } from '../../../src/adapters/patch/apply-in-process.js';
import { readDiff } from '../../../src/adapters/patch/read-diff.js';
import { parseGitDiff } from '../../../src/core/patch/index.js';
import { createTempRepo, git, removeTempDirs, writeFiles } from '../helpers/temp-repo.js';

afterAll(removeTempDirs);

type Edit = { kind: 'write'; file: string; text: string } | { kind: 'delete'; file: string } | { kind: 'rename'; file: string; to: string } | { kind: 'chmod'; file: string } | { kind: 'symlink'; file: string; target: string } | { kind: 'binary'; file: string };
const FILES = ['a.txt', 'dir/b.txt', 'dir/sub/c.md', 'd.txt', 'e/f.txt'];
const text = fc.array(fc.stringMatching(/^[a-z é]{0,10}$/), { maxLength: 6 }).chain((ls) => fc.boolean().map((eol) => ls.join('\n') + (eol ? '\n' : '')));
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('write' as const), file: fc.constantFrom(...FILES, 'new/n.txt'), text }),
  fc.record({ kind: fc.constant('delete' as const), file: fc.constantFrom(...FILES) }),
  fc.record({ kind: fc.constant('rename' as const), file: fc.constantFrom(...FILES), to: fc.constantFrom('moved.txt', 'deep/er/moved.txt') }),
  fc.record({ kind: fc.constant('chmod' as const), file: fc.constantFrom(...FILES) }),
  fc.record({ kind: fc.constant('symlink' as const), file: fc.constantFrom('ln', 'dir/ln'), target: fc.constantFrom('a.txt', '../d.txt') }),
  fc.record({ kind: fc.constant('binary' as const), file: fc.constantFrom('img.bin') }),
);

async function perform(repo: string, e: Edit) {
  const p = path.join(repo, e.file);
  const exists = await git(repo, 'ls-files', '--', e.file).then((o) => o !== '');
  if (e.kind === 'write') await writeFiles(repo, { [e.file]: e.text });
  else if (e.kind === 'binary') await writeFiles(repo, { [e.file]: `\0${Math.random()}` });
  else if (e.kind === 'symlink') {
    await rm(p, { force: true, recursive: true });
    await mkdir(path.dirname(p), { recursive: true });
    await symlink(e.target, p);
  } else if (!exists) return;
  else if (e.kind === 'delete') await rm(p, { force: true });
  else if (e.kind === 'chmod') await chmod(p, 0o755).catch(() => undefined);
  else if (e.kind === 'rename') {
    await mkdir(path.dirname(path.join(repo, e.to)), { recursive: true });
    await git(repo, 'mv', '-f', e.file, e.to).catch(() => undefined);
  }
}

describe('the in-process applier gives the same tree as git', () => {
  it('on random real diffs (text, renames, deletions, modes, symlinks; binaries through git)', async () => {
    const repo = await createTempRepo(Object.fromEntries(FILES.map((f) => [f, `${f}\nline 2\nline 3\n`])));
    const configArgs = await readCommitConfigArgs(repo);
    const applier = await createInProcessApplier(repo, configArgs, () => 1_700_000_000_000);
    const commonDir = await gitCommonDir(repo);
    let binaries = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 5 }), async (edits) => {
          const base = await git(repo, 'rev-parse', 'HEAD');
          for (const e of edits) await perform(repo, e);
          await git(repo, 'add', '-A');
          await git(repo, 'commit', '-q', '--allow-empty', '-m', 'edit');
          const target = await git(repo, 'rev-parse', 'HEAD^{tree}');
          const diff = await readDiff(repo, base, 'HEAD');
          if (diff === '') return;
          if (diff.includes('GIT binary patch')) binaries += 1;
          const parsed = parseGitDiff(diff);
          expect(parsed.ok).toBe(true);
          const made = await applier.materialize({ root: repo, commonDir, base, diffText: diff, message: 'm', configArgs });
          expect(made.ok, JSON.stringify(made)).toBe(true);
          if (!made.ok) return;
          expect(await git(repo, 'rev-parse', `${made.commit}^{tree}`)).toBe(target);
          expect(await git(repo, 'rev-parse', `${made.commit}^`)).toBe(base);
          // What the applier reads back as written is what git's own diff-tree says, with the sizes git measures.
          const written = await applier.written(base, made.commit);
          const raw = (await git(repo, 'diff-tree', '-r', '-z', '--no-renames', '--no-abbrev', base, made.commit)).split('\0').filter(Boolean);
          const real: [string, string | null, string | null][] = [];
          for (let i = 0; i < raw.length; i += 2) {
            const [oldMode, newMode] = raw[i]!.slice(1).split(' ');
            real.push([raw[i + 1]!, oldMode === '000000' ? null : oldMode!, newMode === '000000' ? null : newMode!]);
          }
          expect(written.map((c) => [c.path, c.oldMode, c.newMode])).toEqual(real.sort((a, b) => (a[0] < b[0] ? -1 : 1)));
          const listed = new Map((await git(repo, 'ls-tree', '-r', '-l', '-z', made.commit)).split('\0').filter(Boolean).map((l) => [l.split('\t')[1]!, Number(l.split('\t')[0]!.split(/ +/)[3])] as const));
          for (const c of written.filter((w) => w.newMode !== null)) expect(c.size, c.path).toBe(listed.get(c.path));
          for (const c of written.filter((w) => w.newMode === '120000')) expect(c.linkTarget).toBe(await git(repo, 'cat-file', 'blob', `${made.commit}:${c.path}`));
        }),
        { numRuns: 40 },
      );
      expect(await git(repo, 'fsck', '--strict', '--no-dangling')).toBe('');
      expect(applier.stats.viaGit).toBe(binaries); // binary patches, and only those, go through git
    } finally {
      applier.close();
    }
  }, 120_000); // 40 rounds of real git on a shared machine

  it('refuses a diff that does not match its base, like git', async () => {
    const repo = await createTempRepo({ 'a.txt': 'one\n' });
    const applier = await createInProcessApplier(repo, await readCommitConfigArgs(repo), () => 0);
    const base = await git(repo, 'rev-parse', 'HEAD');
    const made = await applier.materialize({ root: repo, commonDir: await gitCommonDir(repo), base, diffText: 'diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-uno\n+two\n', message: 'm', configArgs: [] });
    applier.close();
    expect(made).toEqual({ ok: false, message: 'a.txt: patch does not apply' });
  });
});
