// Issue 18 item 9: `uet clean` lists (dry run) and with --yes removes what runs left behind, and never a result.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempRepo, git, makeTempDir, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { runUet } from './run-uet.js';

afterAll(removeTempDirs);
const env = { PATH: process.env.PATH ?? '' };
const BUNDLE = `bundle_id: c\nworkstreams:\n  - ws_id: A\n    steps:\n      - {step_id: one, tool_profile_id: shell, context: {create_files: [one.txt], command: 'echo 1 > one.txt'}}\n      - {step_id: two, tool_profile_id: shell, depends_on: [one], context: {create_files: [two.txt], command: 'echo 2 > two.txt'}}\n`;
const refs = (dir: string, prefix: string) => git(dir, 'for-each-ref', '--format=%(refname)', prefix);

describe('uet clean', () => {
  it('attack: a run directory that is a symlink loses the link, never what it points to; a branch named uet/run/<not a run id> is kept', async () => {
    const dir = await createTempRepo();
    const outside = await makeTempDir('uet-outside-');
    writeFileSync(join(outside, 'precious.txt'), 'keep me\n');
    mkdirSync(join(dir, '.uet/runs'), { recursive: true });
    symlinkSync(outside, join(dir, '.uet/runs/01J00000000000000000000002'));
    await git(dir, 'branch', 'uet/run/my-experiment');
    expect((await runUet(['clean', '--yes'], { cwd: dir, env })).code).toBe(0);
    expect(existsSync(join(dir, '.uet/runs/01J00000000000000000000002'))).toBe(false);
    expect(readFileSync(join(outside, 'precious.txt'), 'utf8')).toBe('keep me\n');
    expect(await refs(dir, 'refs/heads/uet/run/')).toBe('refs/heads/uet/run/my-experiment');
  });

  it('a run leaves no step branch; with --keep-step-branches, clean lists them, then --yes removes them and keeps the run branch', async () => {
    const dir = await createTempRepo();
    const scratch = await makeTempDir('uet-clean-');
    writeFileSync(join(scratch, 'b.yaml'), BUNDLE);
    expect((await runUet(['run', join(scratch, 'b.yaml'), '--quiet'], { cwd: dir, env })).code).toBe(0);
    expect(await refs(dir, 'refs/heads/uet/step/')).toBe('');
    expect((await runUet(['run', join(scratch, 'b.yaml'), '--quiet', '--keep-step-branches', '--keep-worktrees'], { cwd: dir, env })).code).toBe(0);
    const kept = (await refs(dir, 'refs/heads/uet/step/')).split('\n');
    expect(kept).toHaveLength(2);
    const runBranches = await refs(dir, 'refs/heads/uet/run/');
    const worktrees = (await git(dir, 'worktree', 'list', '--porcelain')).split('\n').filter((l) => l.startsWith('worktree ')).slice(1).map((l) => l.slice(9));
    expect(worktrees).toHaveLength(2);

    const dry = await runUet(['clean'], { cwd: dir, env });
    expect(dry.code).toBe(0);
    for (const ref of kept) expect(dry.stdout).toContain(`would remove step branch ${ref.replace('refs/heads/', '')}\n`);
    for (const wt of worktrees) expect(dry.stdout).toContain(`would remove worktree ${wt}\n`);
    expect(dry.stdout).toContain('dry run: 4 items would be removed; run `uet clean --yes` to remove them\n');
    expect((await refs(dir, 'refs/heads/uet/step/')).split('\n')).toEqual(kept);

    const done = await runUet(['clean', '--yes'], { cwd: dir, env });
    expect(done).toMatchObject({ code: 0, stdout: expect.stringContaining('removed 4 items\n') });
    for (const wt of worktrees) expect(existsSync(wt)).toBe(false);
    expect((await git(dir, 'worktree', 'list')).split('\n')).toHaveLength(1);
    expect(await refs(dir, 'refs/heads/uet/step/')).toBe('');
    expect(await refs(dir, 'refs/heads/uet/run/')).toBe(runBranches);
    expect(await runUet(['clean'], { cwd: dir, env })).toMatchObject({ code: 0, stdout: `nothing to clean in ${dir}\n` });
  }, 60_000);

  it('removes a run branch and a run directory that have no run log (an interrupted creation), and says why', async () => {
    const dir = await createTempRepo();
    await git(dir, 'branch', 'uet/run/01J00000000000000000000000');
    mkdirSync(join(dir, '.uet/runs/01J00000000000000000000001'), { recursive: true });
    const dry = await runUet(['clean'], { cwd: dir, env });
    expect(dry.stdout).toContain('would remove run branch uet/run/01J00000000000000000000000 (no run log: its creation never finished)\n');
    expect(dry.stdout).toContain(`would remove run directory ${join(dir, '.uet/runs/01J00000000000000000000001')} (no run log: its creation never finished)\n`);
    expect(dry.stdout).toContain('dry run: 2 items would be removed');
    expect((await runUet(['clean', '-y'], { cwd: dir, env })).code).toBe(0);
    expect(await refs(dir, 'refs/heads/uet/run/')).toBe('');
    expect(existsSync(join(dir, '.uet/runs/01J00000000000000000000001'))).toBe(false);
  });

  it('--run takes a unique prefix; an unknown run is exit 2', async () => {
    const dir = await createTempRepo();
    expect(await runUet(['clean', '--run', '01NOPE'], { cwd: dir, env })).toMatchObject({ code: 2, stderr: `uet: unknown run 01NOPE in ${dir} (see \`uet runs\`)\n` });
  });
});
