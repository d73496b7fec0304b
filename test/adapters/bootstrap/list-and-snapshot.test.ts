import { rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listRepoFiles } from '../../../src/adapters/bootstrap/list-repo-files.js';
import { readRepoSnapshot } from '../../../src/adapters/bootstrap/read-repo-snapshot.js';
import { runBootstrap } from '../../../src/adapters/bootstrap/run-bootstrap.js';
import { createTempRepo, git, makeTempDir, removeTempDirs, writeFiles } from '../helpers/temp-repo.js';
import { PYTHON_REPO } from './repos.js';

afterAll(removeTempDirs);

describe('listRepoFiles', () => {
  it('lists the index and the untracked files in one sorted list', async () => {
    const dir = await createTempRepo({ 'b/x.py': 'x\n', 'd.md': 'd\n' });
    await writeFiles(dir, { 'a.txt': 'a\n', 'c/y.py': 'y\n', 'e.md': 'e\n', 'ignored.log': 'l\n', '.gitignore': '*.log\n' });
    expect(await listRepoFiles(dir)).toEqual(['.gitignore', 'a.txt', 'b/x.py', 'c/y.py', 'd.md', 'e.md']);
    await git(dir, 'add', 'a.txt');
    expect(await listRepoFiles(dir)).toEqual(['.gitignore', 'a.txt', 'b/x.py', 'c/y.py', 'd.md', 'e.md']);
  });

  it('lists a path in conflict once, though the index holds it at three stages', async () => {
    const dir = await createTempRepo({ 'a.py': 'base\n', 'z.py': 'z\n' });
    await git(dir, 'checkout', '-q', '-b', 'other');
    await writeFiles(dir, { 'a.py': 'other\n' });
    await git(dir, 'commit', '-q', '-am', 'other');
    await git(dir, 'checkout', '-q', 'main');
    await writeFiles(dir, { 'a.py': 'main\n', 'new.txt': 'n\n' });
    await git(dir, 'commit', '-q', '-am', 'main');
    await git(dir, 'merge', '-q', 'other').catch(() => undefined); // conflicts in a.py
    expect((await git(dir, 'ls-files', '-s', 'a.py')).split('\n')).toHaveLength(3);
    expect(await listRepoFiles(dir)).toEqual(['a.py', 'new.txt', 'z.py']);
  });

  it('leaves out untracked symbolic links, as it leaves out tracked ones', async () => {
    const dir = await createTempRepo({ 'a.py': 'a\n' });
    await symlink('a.py', join(dir, 'tracked-link.py'));
    await git(dir, 'add', 'tracked-link.py');
    await symlink('/etc/hostname', join(dir, 'requirements.txt'));
    await symlink('missing', join(dir, 'setup.cfg'));
    expect(await listRepoFiles(dir)).toEqual(['a.py']);
  });
});

describe('readRepoSnapshot', () => {
  it('keeps the contents in the order of the files wanted (shallowest first), whatever order the reads finish in', async () => {
    const big = `# ${'x'.repeat(200_000)}\n`;
    const files = {
      'deploy/k8s/b.yaml': 'kind: B\n',
      'deploy/a.yaml': big,
      'z.yml': 'z: 1\n',
      'a.yml': big,
      'deploy/k8s/a.yaml': big,
      'pyproject.toml': '[project]\nname = "p"\n',
    };
    const dir = await createTempRepo(files);
    const { snapshot } = await readRepoSnapshot(dir, Object.keys(files).sort());
    expect([...snapshot.contents.keys()]).toEqual(['a.yml', 'pyproject.toml', 'z.yml', 'deploy/a.yaml', 'deploy/k8s/a.yaml', 'deploy/k8s/b.yaml']);
  });

  it('reads only regular files: a tracked file now a symbolic link (outside the repository, to itself) is skipped', async () => {
    const dir = await createTempRepo({ 'requirements.txt': 'ruff\n', 'setup.cfg': '[flake8]\n', 'tox.ini': '[tox]\n' });
    const outside = await makeTempDir();
    await writeFiles(outside, { 'secret.txt': 'not the repository\n' });
    await rm(join(dir, 'requirements.txt'));
    await symlink(join(outside, 'secret.txt'), join(dir, 'requirements.txt'));
    await rm(join(dir, 'setup.cfg'));
    await symlink('setup.cfg', join(dir, 'setup.cfg'));
    const { snapshot } = await readRepoSnapshot(dir, ['requirements.txt', 'setup.cfg', 'tox.ini']);
    expect([...snapshot.contents.keys()]).toEqual(['tox.ini']);
  });
});

describe('runBootstrap on a repository without commits', () => {
  it('discovers the staged files, with no commit and the index as the tree', async () => {
    const dir = await createTempRepo(null);
    await writeFiles(dir, PYTHON_REPO);
    await git(dir, 'add', '-A');
    const { report } = await runBootstrap(
      { dir, cwd: '/', write: false, owner: 'uet-dev' },
      { now: () => Date.UTC(2025, 10, 20), generator: { name: 'uet', version: '0.1.0' }, path: process.env.PATH },
    );
    expect(report.status).toBe('ready');
    expect(report.discovery?.commit).toBeUndefined();
    expect(report.discovery?.tree_source).toBe('index');
    expect(report.discovery?.languages[0]?.language).toBe('Python');
  });
});
