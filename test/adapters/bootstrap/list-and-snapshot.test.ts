import { afterAll, describe, expect, it } from 'vitest';
import { listRepoFiles } from '../../../src/adapters/bootstrap/list-repo-files.js';
import { readRepoSnapshot } from '../../../src/adapters/bootstrap/read-repo-snapshot.js';
import { runBootstrap } from '../../../src/adapters/bootstrap/run-bootstrap.js';
import { createTempRepo, git, removeTempDirs, writeFiles } from '../helpers/temp-repo.js';
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
