// Item 7 of issue 18: a Ctrl-C while `uet run` creates the run (its first ~30 ms) must leave no orphan state: no
// uet/run/<id> branch without a run log, no lock temp file, no run `uet runs` cannot see. The attack is made
// deterministic with a git wrapper first on PATH that, when uet creates the run branch, says so and stalls: the test
// interrupts exactly then. It is written as the attacker: the signal goes to the uet process only, as Ctrl-C in a
// terminal goes to the foreground process group, and git carries on with its update-ref.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, git, makeTempDir, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { repoRoot, runUet } from './run-uet.js';

afterAll(removeTempDirs);

const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();

/** Every file under `dir`, relative. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

/** A git that announces (a marker file) and stalls (1.5 s) the update-ref creating a run branch, then does it. */
async function stallingGit(): Promise<{ bin: string; marker: string }> {
  const bin = await makeTempDir('uet-git-wrapper-');
  const marker = join(bin, 'creating');
  writeFileSync(
    join(bin, 'git'),
    `#!/bin/sh\ncase "$*" in *"uet: create run"*) : > '${marker}'; sleep 1.5 ;; esac\nexec '${realGit}' "$@"\n`,
  );
  chmodSync(join(bin, 'git'), 0o755);
  return { bin, marker };
}

describe('Ctrl-C while uet run creates the run', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'pipe' });
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('%s during branch creation leaves no branch, no log, no temp file', async (signal) => {
    const dir = await createTempRepo();
    const scratch = await makeTempDir('uet-early-');
    const bundle = join(scratch, 'bundle.yaml');
    writeFileSync(bundle, `bundle_id: early\nworkstreams:\n  - ws_id: A\n    steps:\n      - {step_id: a, tool_profile_id: shell, context: {command: 'echo a > a.txt'}}\n`);
    const { bin, marker } = await stallingGit();
    const child = spawn(process.execPath, [join(repoRoot, 'bin/uet.js'), 'run', bundle, '--repo', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    for (let i = 0; i < 1000 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 10));
    expect(existsSync(marker), 'uet reached branch creation').toBe(true);
    child.kill(signal);
    const code = await closed;
    await new Promise((r) => setTimeout(r, 1600)); // let an orphaned git finish its update-ref, as it would
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/interrupted before run \w+ started; nothing was kept/);
    expect(await git(dir, 'for-each-ref', '--format=%(refname)', 'refs/heads/uet/')).toBe('');
    expect(filesUnder(join(dir, '.uet/runs'))).toEqual([]);
    expect((await runUet(['runs', '--repo', dir])).stdout).toMatch(/^no runs in /);
  });

  it('a run whose creation completed before the signal is a resumable run: its branch and its log go together', async () => {
    const dir = await createTempRepo();
    const scratch = await makeTempDir('uet-early-');
    const bundle = join(scratch, 'bundle.yaml');
    const started = join(scratch, 'started');
    writeFileSync(bundle, `bundle_id: early\nworkstreams:\n  - ws_id: A\n    steps:\n      - {step_id: a, tool_profile_id: shell, context: {command: ': > ${started}; sleep 20'}}\n`);
    const child = spawn(process.execPath, [join(repoRoot, 'bin/uet.js'), 'run', bundle, '--repo', dir], { stdio: 'ignore' });
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    for (let i = 0; i < 1000 && !existsSync(started); i++) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    expect(await closed).toBe(130);
    const branches = (await git(dir, 'for-each-ref', '--format=%(refname:strip=4)', 'refs/heads/uet/run/')).split('\n');
    expect(readdirSync(join(dir, '.uet/runs'))).toEqual(branches);
    expect(filesUnder(join(dir, '.uet/runs')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
