// Issue 18 item 8: `uet init` writes a commented starter bundle that validates, plans and runs as it is, and with
// --github the app's .github/uet.yml naming it; it never overwrites a file that differs without --force.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../src/app/config/read-app-config.js';
import { createTempRepo, git, makeTempDir, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { runUet } from './run-uet.js';

afterAll(removeTempDirs);
const env = { PATH: process.env.PATH ?? '' };

describe('uet init', () => {
  it('writes a commented starter bundle that validates, plans and runs, and says what to do next', async () => {
    const dir = await createTempRepo();
    const r = await runUet(['init'], { cwd: dir, env });
    expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(r.stdout).toContain('+ .uet/bundle.yaml\n');
    expect(r.stdout).toContain('Next:\n  uet validate .uet/bundle.yaml\n  uet plan .uet/bundle.yaml\n  uet run .uet/bundle.yaml\n  uet status\n');
    expect(r.stdout).toContain('docs/first-bundle.md');
    const text = readFileSync(join(dir, '.uet/bundle.yaml'), 'utf8');
    expect(text.split('\n').filter((l) => l.trimStart().startsWith('#')).length).toBeGreaterThan(10);
    expect(await runUet(['validate', '.uet/bundle.yaml'], { cwd: dir, env })).toMatchObject({ code: 0, stdout: '.uet/bundle.yaml: ok (workstream_bundle)\n' });
    expect((await runUet(['plan', '.uet/bundle.yaml'], { cwd: dir, env })).code).toBe(0);
    const run = await runUet(['run', '.uet/bundle.yaml', '--json'], { cwd: dir, env });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ state: 'succeeded', counters: { steps_total: 3 } });
    // The commented-out AI step is a valid step once uncommented (as its comment says).
    const uncommented = text.replace(/^ {6}# (- step_id: improve-notes| {2}depends_on| {2}context| {4}instruction| {4}files)/gm, '      $1');
    expect(uncommented).toContain('      - step_id: improve-notes');
    writeFileSync(join(dir, 'with-ai.yaml'), uncommented);
    expect((await runUet(['validate', 'with-ai.yaml'], { cwd: dir, env })).code).toBe(0);
  }, 60_000);

  it('--github also writes .github/uet.yml, valid app settings that name the bundle', async () => {
    const dir = await createTempRepo();
    const r = await runUet(['init', '--github', '--repo', dir], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('+ .github/uet.yml\n');
    const settings = parseAppConfig(readFileSync(join(dir, '.github/uet.yml'), 'utf8'));
    expect(settings).toMatchObject({ ok: true, value: { bundle: '.uet/bundle.yaml' } });
  });

  it('keeps a file that differs (exit 2, nothing written) unless --force; an identical one is left as is', async () => {
    const dir = await createTempRepo();
    expect((await runUet(['init'], { cwd: dir, env })).code).toBe(0);
    expect(await runUet(['init'], { cwd: dir, env })).toMatchObject({ code: 0, stdout: expect.stringContaining('= .uet/bundle.yaml (already there)') });
    writeFileSync(join(dir, '.uet/bundle.yaml'), 'bundle_id: mine\n');
    const refused = await runUet(['init', '--github'], { cwd: dir, env });
    expect(refused).toMatchObject({ code: 2, stderr: `uet: ${join(dir, '.uet/bundle.yaml')} exists with other content; keep it, or pass --force to replace it\n` });
    expect(readFileSync(join(dir, '.uet/bundle.yaml'), 'utf8')).toBe('bundle_id: mine\n');
    expect(await git(dir, 'status', '--porcelain', '--untracked-files=all')).not.toContain('.github/uet.yml');
    expect((await runUet(['init', '--force'], { cwd: dir, env })).code).toBe(0);
    expect(readFileSync(join(dir, '.uet/bundle.yaml'), 'utf8')).toContain('bundle_id: starter');
  });

  it('from a subdirectory writes at the top of the repository; outside a repository says to run git init', async () => {
    const dir = await createTempRepo({ 'src/a.txt': 'a\n' });
    expect((await runUet(['init'], { cwd: join(dir, 'src'), env })).code).toBe(0);
    expect(readFileSync(join(dir, '.uet/bundle.yaml'), 'utf8')).toContain('bundle_id: starter');
    const plain = await makeTempDir('uet-plain-');
    expect(await runUet(['init'], { cwd: plain, env })).toMatchObject({
      code: 2,
      stderr: `uet: ${plain}: not a git repository; uet init writes into one: run \`git init\` first\n`,
    });
  });
});
