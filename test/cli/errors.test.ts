// Item 6 of issue 18: every error a user can cause is one line with the path and the cause, and the right exit code;
// commands use the same words for the same problem.
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, git, makeTempDir, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { repoRoot, runUet } from './run-uet.js';

afterAll(removeTempDirs);
const root = process.getuid?.() === 0;
const oneLine = (stderr: string) => expect(stderr.trimEnd().split('\n')).toHaveLength(1);
const BUNDLE = `bundle_id: e\nworkstreams:\n  - ws_id: A\n    steps:\n      - {step_id: a, tool_profile_id: shell, context: {command: 'echo a > a.txt'}}\n`;

/** Runs the built CLI as another process (for a user or a mount namespace the test process cannot take). */
async function uetAs(prefix: string[], args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(prefix[0]!, [...prefix.slice(1), process.execPath, join(repoRoot, 'bin/uet.js'), ...args], { env: { PATH: process.env.PATH ?? '', HOME: '/tmp' } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('errors a user can cause', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'pipe' });
  }, 120_000);

  it('convert -o into a missing directory, or onto a directory: exit 2 with the path and the cause, nothing internal', async () => {
    const dir = await makeTempDir('uet-convert-out-');
    const plan = join(repoRoot, 'examples/phase-k-plus/plan.md');
    const missing = await runUet(['convert', plan, '-o', join(dir, 'no/such/out.json')]);
    expect(missing).toMatchObject({ code: 2, stderr: `uet: ${join(dir, 'no/such/out.json')}: cannot write: no such directory\n` });
    const onDir = await runUet(['convert', plan, '-o', dir]);
    expect(onDir).toMatchObject({ code: 2, stderr: `uet: ${dir}: cannot write: it is a directory\n` });
  });

  it('a binary file is "binary file", for validate, plan, run and convert, without echoing its bytes', async () => {
    const dir = await createTempRepo();
    copyFileSync(process.execPath, join(dir, 'bundle.yaml'));
    copyFileSync(process.execPath, join(dir, 'plan.md'));
    for (const args of [['validate', 'bundle.yaml'], ['plan', 'bundle.yaml'], ['run', 'bundle.yaml']]) {
      const r = await runUet(args, { cwd: dir });
      expect(r, args[0]).toMatchObject({ code: 2, stderr: 'uet: bundle.yaml: binary file, not JSON or YAML\n' });
    }
    expect(await runUet(['convert', 'plan.md'], { cwd: dir })).toMatchObject({ code: 2, stderr: 'uet: plan.md: binary file, not a markdown plan\n' });
  });

  it('convert of a file without plan structure says what structure it looks for', async () => {
    const dir = await makeTempDir('uet-notes-');
    writeFileSync(join(dir, 'notes.md'), '# Notes\n\nSome prose, no tasks.\n\n### A heading\n\nMore prose.\n');
    const r = await runUet(['convert', 'notes.md'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'uet: notes.md: no plan structure found (1 "###" heading but no "- [ ]" task under any): a plan has "###" headings (one per week or stage, each a workstream) with "- [ ] task" lines under them; see docs/routing.md#converter\n',
    );
  });

  it('status, runs, logs, cancel, run and plan say the same words for a missing directory', async () => {
    const dir = await makeTempDir('uet-missing-');
    writeFileSync(join(dir, 'b.yaml'), BUNDLE);
    const missing = join(dir, 'nope');
    for (const args of [['status'], ['runs'], ['logs', 'X'], ['cancel', 'X'], ['run', 'b.yaml'], ['plan', 'b.yaml'], ['clean']]) {
      const r = await runUet([...args, '--repo', missing], { cwd: dir });
      expect(r, args[0]).toMatchObject({ code: 2, stderr: `uet: ${missing}: no such directory\n` });
    }
  });

  it.skipIf(!root)('a repository owned by another user: every command explains it and how to trust it', async () => {
    const repo = await createTempRepo();
    const scratch = await makeTempDir('uet-dubious-');
    writeFileSync(join(scratch, 'b.yaml'), BUNDLE);
    chmodSync(repo, 0o755);
    chmodSync(scratch, 0o755);
    const commands = [['status'], ['runs'], ['run', join(scratch, 'b.yaml')], ['plan', join(scratch, 'b.yaml')], ['clean'], ['resume', 'X'], ['logs', 'X'], ['cancel', 'X'], ['ledger', 'list'], ['ledger', 'show', 'X'], ['init']];
    for (const args of [...commands.map((c) => [...c, '--repo', repo]), ['bootstrap', repo]]) {
      const r = await uetAs(['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'], args);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toBe(`uet: ${repo}: git refuses this repository: it belongs to another user (git: "detected dubious ownership"); if you trust it, run \`git config --global --add safe.directory ${repo}\`\n`);
    }
  });

  it.skipIf(!root)('a read-only repository: the run is refused as read-only (not "branch already exists"), nothing is left', async () => {
    const repo = await createTempRepo();
    const scratch = await makeTempDir('uet-ro-');
    writeFileSync(join(scratch, 'b.yaml'), BUNDLE);
    const r = await uetAs(['unshare', '-m', 'sh', '-c', `mount --bind -o ro '${repo}' '${repo}' && exec "$0" "$@"`], ['run', join(scratch, 'b.yaml'), '--repo', repo]);
    expect(r.code, r.stderr).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toBe(`uet: ${repo}: cannot write: read-only file system\n`);
    expect(await git(repo, 'for-each-ref', 'refs/heads/uet/')).toBe('');
    // The files uet init and bootstrap --write create: the cause is the read-only file system, not "no such
    // directory" (what Node's recursive mkdir reports).
    const readOnly = (args: string[]) => uetAs(['unshare', '-m', 'sh', '-c', `mount --bind -o ro '${repo}' '${repo}' && exec "$0" "$@"`], args);
    expect(await readOnly(['init', '--repo', repo])).toMatchObject({ code: 2, stderr: `uet: ${join(repo, '.uet/bundle.yaml')}: cannot write: read-only file system\n` });
    expect(await readOnly(['bootstrap', repo, '--write'])).toMatchObject({ code: 2, stderr: 'uet: .uet/PROJECT_PROFILE.yaml: cannot write: read-only file system; nothing was written\n' });
  });
});
