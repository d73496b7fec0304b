import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoverRunGitLocks } from '../../../src/adapters/git/recover-run-git-locks.js';
import { worktreesRoot } from '../../../src/adapters/git/worktree-location.js';
import type { RunOptions } from '../../../src/core/run/index.js';
import { createTempRepo, git, makeTempDir, removeTempDirs } from '../helpers/temp-repo.js';

const A = '01JQ7Z00000000000000RUNAAA';
const B = '01JQ7Z00000000000000RUNBBB';
const options = (runId: string): RunOptions => ({ max_parallel: 1, skip_workstreams: [], run_branch: `uet/run/${runId}` });
const DEAD_PID = 999_999;

let savedWorktreesDir: string | undefined;
beforeAll(async () => {
  savedWorktreesDir = process.env.UET_WORKTREES_DIR;
  process.env.UET_WORKTREES_DIR = await makeTempDir('uet-wt-');
});
afterAll(async () => {
  if (savedWorktreesDir === undefined) delete process.env.UET_WORKTREES_DIR;
  else process.env.UET_WORKTREES_DIR = savedWorktreesDir;
  await removeTempDirs();
});

/** The admin directory (.git/worktrees/<name>) of the worktree at `worktree`. */
function adminOf(dir: string, worktree: string): string {
  const admin = join(dir, '.git/worktrees');
  const name = readdirSync(admin).find((n) => readFileSync(join(admin, n, 'gitdir'), 'utf8').trim() === join(worktree, '.git'));
  return join(admin, name!);
}

/** Two runs, each with a run branch and step worktrees (real `git worktree add`), and a worktree of the user's. */
async function twoRuns() {
  const dir = await createTempRepo();
  const common = join(dir, '.git');
  const worktrees: Record<string, string> = {};
  for (const run of [A, B]) {
    await git(dir, 'branch', `uet/run/${run}`);
    for (const step of ['s1', 's2']) {
      const wt = join(worktreesRoot(common, run), step);
      await git(dir, 'worktree', 'add', '-q', '-B', `uet/step/${run}/${step}`, wt, 'HEAD');
      worktrees[`${run}/${step}`] = adminOf(dir, wt);
    }
  }
  const mine = join(await makeTempDir('uet-user-wt-'), 'feature');
  await git(dir, 'worktree', 'add', '-q', '-b', 'feature', mine);
  worktrees.user = adminOf(dir, mine);
  return { dir, common, worktrees };
}

const touch = (file: string, text = '') => {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
};
const aged = (file: string) => utimesSync(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));

describe('recoverRunGitLocks: after a dead driver, only the run\'s own locks go', () => {
  it("removes the locks of the run's refs and worktrees, and records what each guarded", async () => {
    const { dir, common, worktrees } = await twoRuns();
    const owned = {
      run: join(common, `refs/heads/uet/run/${A}.lock`),
      step: join(common, `refs/heads/uet/step/${A}/s1.lock`),
      index: join(worktrees[`${A}/s1`]!, 'index.lock'),
      head: join(worktrees[`${A}/s1`]!, 'HEAD.lock'),
      initializing: join(worktrees[`${A}/s2`]!, 'locked'),
      tempIndex: join(common, `uet/index-${DEAD_PID}-0a1b2c`),
      tempIndexLock: join(common, `uet/index-${DEAD_PID}-0a1b2c.lock`),
    };
    for (const f of Object.values(owned)) touch(f, f.endsWith('locked') ? 'initializing\n' : '');
    for (const f of Object.values(owned)) aged(f);
    const recovered = await recoverRunGitLocks(dir, A, options(A), DEAD_PID);
    for (const f of Object.values(owned)) expect(existsSync(f), f).toBe(false);
    expect(recovered).toEqual(
      expect.arrayContaining([
        { path: owned.run, kind: 'ref', ref: `refs/heads/uet/run/${A}`, holder_pid: DEAD_PID },
        { path: owned.step, kind: 'ref', ref: `refs/heads/uet/step/${A}/s1`, holder_pid: DEAD_PID },
        { path: owned.index, kind: 'worktree', worktree: join(worktreesRoot(common, A), 's1'), holder_pid: DEAD_PID },
        { path: owned.initializing, kind: 'worktree', worktree: join(worktreesRoot(common, A), 's2'), holder_pid: DEAD_PID },
        { path: owned.tempIndexLock, kind: 'temp_index', holder_pid: DEAD_PID },
      ]),
    );
    expect(recovered).toHaveLength(7);
    // With the locks gone, git works on the run's refs again, and UET's prune can clear the half-made worktree.
    await git(dir, 'update-ref', `refs/heads/uet/run/${A}`, 'HEAD');
  });

  it("an attacker's (or the user's) lock files are never removed: the user's index.lock, HEAD.lock, packed-refs.lock, another run's, a person's worktree lock", async () => {
    const { dir, common, worktrees } = await twoRuns();
    const foreign = [
      join(common, 'index.lock'),
      join(common, 'HEAD.lock'),
      join(common, 'packed-refs.lock'),
      join(common, 'config.lock'),
      join(common, `refs/heads/uet/run/${B}.lock`),
      join(common, `refs/heads/uet/step/${B}/s1.lock`),
      join(common, `refs/heads/uet/run/${A}x.lock`), // a run id that starts with A's
      join(common, 'refs/heads/main.lock'),
      join(worktrees[`${B}/s1`]!, 'index.lock'),
      join(worktrees.user!, 'index.lock'),
      join(worktrees.user!, 'HEAD.lock'),
      join(common, 'uet/index-4242-0a1b2c.lock'), // another process's temporary index
    ];
    for (const f of foreign) touch(f);
    touch(join(worktrees[`${A}/s1`]!, 'locked'), 'kept on the USB disk\n'); // `git worktree lock --reason`: a person's
    for (const f of foreign) aged(f);
    const recovered = await recoverRunGitLocks(dir, A, options(A), DEAD_PID);
    expect(recovered).toEqual([]);
    for (const f of foreign) expect(existsSync(f), f).toBe(true);
    expect(readFileSync(join(worktrees[`${A}/s1`]!, 'locked'), 'utf8')).toBe('kept on the USB disk\n');
  });

  it('a symlink planted under the run\'s step refs cannot make recovery delete lock files elsewhere', async () => {
    const { dir, common } = await twoRuns();
    const outside = await makeTempDir('uet-outside-');
    touch(join(outside, 'victim.lock'));
    aged(join(outside, 'victim.lock'));
    touch(join(outside, 'file'));
    mkdirSync(join(common, `refs/heads/uet/step/${A}`), { recursive: true });
    symlinkSync(outside, join(common, `refs/heads/uet/step/${A}/evil`));
    symlinkSync(join(outside, 'file'), join(common, `refs/heads/uet/step/${A}/s9.lock`));
    const recovered = await recoverRunGitLocks(dir, A, options(A), DEAD_PID);
    expect(recovered).toEqual([]);
    expect(existsSync(join(outside, 'victim.lock'))).toBe(true);
    expect(existsSync(join(outside, 'file'))).toBe(true);
  });

  it('a lock that a live git re-creates while it is watched is left alone; one that stays the same goes', async () => {
    const { dir, common } = await twoRuns();
    const busy = join(common, `refs/heads/uet/run/${A}.lock`);
    const stale = join(common, `refs/heads/uet/step/${A}/s2.lock`);
    touch(busy);
    touch(stale);
    setTimeout(() => {
      rmSync(busy); // git renamed its lock into place, and a new git took the lock again
      touch(busy, 'x');
    }, 150);
    const recovered = await recoverRunGitLocks(dir, A, options(A), DEAD_PID, 600);
    expect(recovered.map((r) => r.path)).toEqual([stale]);
    expect(existsSync(busy)).toBe(true);
  });

  it('an old lock goes at once, without the settle wait', async () => {
    const { dir, common } = await twoRuns();
    const lock = join(common, `refs/heads/uet/run/${A}.lock`);
    touch(lock);
    aged(lock);
    const started = Date.now();
    expect(await recoverRunGitLocks(dir, A, options(A), null, 5_000)).toEqual([{ path: lock, kind: 'ref', ref: `refs/heads/uet/run/${A}` }]);
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});
