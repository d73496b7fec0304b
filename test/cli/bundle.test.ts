// bin/uet.js runs the bundled CLI (lib/bundle/, ADR 0014). The bundle must stand on its own: it is copied here
// with only what npm installs beside it (bin, profiles, schema, package.json) and no node_modules, so that a
// dependency left out of the bundle, or a path computed from a module's own location, fails the test.
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, makeTempDir, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { PYTHON_REPO } from '../adapters/bootstrap/repos.js';
import { runUetProcess } from './run-uet.js';

const root = resolve(import.meta.dirname, '../..');
let pkg: string;

const uet = (args: readonly string[], cwd: string) => runUetProcess(args, { cwd, packageDir: pkg });

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'pipe' });
  pkg = await makeTempDir('uet-bundle-');
  for (const part of ['bin', 'profiles', 'schema', 'package.json'])
    await cp(join(root, part), join(pkg, part), { recursive: true });
  await mkdir(join(pkg, 'lib'));
  await cp(join(root, 'lib/bundle'), join(pkg, 'lib/bundle'), { recursive: true });
}, 60_000);
afterAll(removeTempDirs);

describe('the bundled CLI', () => {
  it('is what bin/uet.js runs: entry points and shared chunks in one directory', async () => {
    const files = await readdir(join(pkg, 'lib/bundle'));
    expect(files).toEqual(expect.arrayContaining(['main.js', 'scan-languages-worker.js']));
    expect(files.some((f) => /^chunk-.*\.js$/.test(f))).toBe(true);
  });

  it('runs without node_modules and reads its version from the package', async () => {
    const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(await uet(['--version'], pkg)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('maps its own errors to exit codes across chunks: bad input is exit 2 with a one-line message', async () => {
    const dir = await makeTempDir('uet-bundle-input-');
    await writeFile(join(dir, 'broken.json'), '{"meta_version": "workstream_bundle.v1", ');
    const bad = await uet(['validate', 'broken.json'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^uet: broken\.json/);
    expect(bad.stderr).not.toContain('internal error');
    const missing = await uet(['bootstrap', join(dir, 'missing')], dir);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('no such directory') });
  });

  it('bootstraps a repository with the scan in its worker and the profiles shipped beside it', async () => {
    const repo = await createTempRepo(PYTHON_REPO);
    const r = await uet(['bootstrap', repo, '--json'], repo);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      profile_id: string;
      discovery: { languages: { language: string }[] };
    };
    expect(report.profile_id).toBe('software-dev-python');
    expect(report.discovery.languages[0]?.language).toBe('Python');
  });
});
