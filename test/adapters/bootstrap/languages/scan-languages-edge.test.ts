import { execFileSync } from 'node:child_process';
import { chmod, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanLanguages } from '../../../../src/adapters/bootstrap/languages/index.js';
import { UsageError } from '../../../../src/core/errors.js';
import { git, makeTempDir, removeTempDirs } from '../../helpers/temp-repo.js';
import { makeRepo } from './make-repo.js';

afterAll(removeTempDirs);

describe('scanLanguages: bad input and odd repositories', () => {
  it('rejects a directory that is not a git repository with a UsageError', async () => {
    const dir = await makeTempDir();
    await expect(scanLanguages(dir)).rejects.toThrow(UsageError);
    await expect(scanLanguages(dir)).rejects.toThrow(/not a git repository/);
  });

  it('rejects a missing directory', async () => {
    await expect(scanLanguages('/nonexistent/uet-lang')).rejects.toThrow(/no such directory/);
  });

  it('rejects an empty repository (no commit, nothing staged)', async () => {
    const dir = await makeTempDir();
    await git(dir, 'init', '-q');
    await expect(scanLanguages(dir)).rejects.toThrow(/empty repository/);
  });

  it('finds the repository when its path holds a newline, and scans from its .git directory', async () => {
    const parent = await makeTempDir();
    const dir = path.join(parent, 'two\nlines');
    await git(parent, 'init', '-q', dir);
    await writeFile(path.join(dir, 'a.py'), 'def f():\n    return 1\n');
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '-m', 'x');
    expect((await scanLanguages(dir)).languages).toEqual([{ language: 'Python', bytes: 22, percent: 100 }]);
    expect((await scanLanguages(path.join(dir, '.git'))).languages).toEqual([{ language: 'Python', bytes: 22, percent: 100 }]);
  });

  it('walks the index of a repository without commits', async () => {
    const dir = await makeRepo({
      files: {
        'a.py': 'print(1)\n',
        'gen/b.py': 'print(2)\n',
        '.gitattributes': 'gen/** linguist-generated\n',
      },
      stageOnly: true,
    });
    const scan = await scanLanguages(dir);
    expect(scan.tree_source).toBe('index');
    expect(scan.commit).toBeUndefined();
    expect(scan.languages).toEqual([{ language: 'Python', bytes: 9, percent: 100 }]);
  });

  it('walks HEAD, not the working tree nor the index', async () => {
    const dir = await makeRepo({
      files: { 'a.py': 'print(1)\n', '.gitattributes': 'b.rb linguist-vendored\n', 'b.rb': 'puts 1\n' },
    });
    await rm(path.join(dir, 'a.py'));
    await git(dir, 'rm', '-q', '--cached', '.gitattributes');
    const scan = await scanLanguages(dir);
    expect(scan.languages.map((l) => l.language)).toEqual(['Python']); // b.rb stays vendored as in HEAD
  });

  it('reports a blob missing from the object store as unreadable, without failing', async () => {
    const dir = await makeRepo({ files: { 'a.py': 'print("kept")\n', 'b.py': 'print("lost")\n' } });
    const oid = await git(dir, 'rev-parse', 'HEAD:b.py');
    await rm(path.join(dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2)));
    const scan = await scanLanguages(dir, { includeFiles: true });
    expect(scan.languages).toEqual([{ language: 'Python', bytes: 14, percent: 100 }]);
    expect(scan.files!.find((f) => f.path === 'b.py')).toMatchObject({
      counted: false,
      reason: 'unreadable',
    });
  });

  it('counts a commit with an empty tree as an empty breakdown', async () => {
    const dir = await makeTempDir();
    await git(dir, 'init', '-q');
    await git(dir, 'commit', '-q', '--allow-empty', '-m', 'empty');
    const scan = await scanLanguages(dir);
    expect(scan.languages).toEqual([]);
    expect(scan.totals.files_scanned).toBe(0);
  });

  it('works in a bare repository', async () => {
    const src = await makeRepo({
      files: {
        'a.go': 'package a\n',
        '.gitattributes': '*.go linguist-detectable=false\n',
        'b.rs': 'fn main() {}\n',
      },
    });
    const bare = await makeTempDir();
    await git(bare, 'clone', '-q', '--bare', src, 'repo.git');
    const scan = await scanLanguages(path.join(bare, 'repo.git'));
    expect(scan.languages.map((l) => l.language)).toEqual(['Rust']);
  });

  it(
    'falls back to cat-file --batch with a git older than 2.36 (no --batch-command)',
    { repeats: 5 },
    async () => {
      const dir = await makeRepo({ files: { 'a.py': 'print(1)\n', 'b.rb': 'puts 1\n' } });
      const bin = await makeTempDir();
      const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
      // It exits a little later, as a real git does, so that the reader is already polling its first spool file
      // when it starts over (a race that once failed every blob as unreadable; see pump-spool.test.ts).
      const fake = `#!/bin/sh\nfor a in "$@"; do [ "$a" = "--batch-command" ] && { echo "unknown option" >&2; sleep 0.02; exit 129; }; done\nexec ${realGit} "$@"\n`;
      await writeFile(path.join(bin, 'git'), fake);
      await chmod(path.join(bin, 'git'), 0o755);
      const saved = process.env.PATH;
      process.env.PATH = `${bin}:${saved ?? ''}`;
      try {
        const scan = await scanLanguages(dir);
        expect(scan.languages.map((l) => [l.language, l.bytes])).toEqual([
          ['Python', 9],
          ['Ruby', 7],
        ]);
      } finally {
        process.env.PATH = saved;
      }
    },
  );

  it('uses the classifier where Linguist does (a .tsx without a react import)', async () => {
    const tsx =
      'export function Card({ title }: { title: string }) {\n  const n: number = 1;\n  return n;\n}\n';
    const dir = await makeRepo({ files: { 'src/card.tsx': tsx } });
    const scan = await scanLanguages(dir, { includeFiles: true });
    expect(scan.files![0]).toMatchObject({ detector: 'linguist.classifier', group: 'TypeScript' });
  });
});
