import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupRun } from '../../../src/adapters/executor/cleanup-run.js';
import { gitCommonDir, revParse } from '../../../src/adapters/git/repo-queries.js';
import { createRunBranch, stepBranchName } from '../../../src/adapters/git/run-branches.js';
import { createWorktree } from '../../../src/adapters/git/step-worktree.js';
import {
  assertWorktreeLocation,
  legacyWorktreesRoot,
  repoWorktreesDir,
  stepWorktreePath,
  uetCacheDir,
  worktreesRoot,
} from '../../../src/adapters/git/worktree-location.js';
import { UsageError } from '../../../src/core/errors.js';
import { createTempRepo, git, removeTempDirs } from '../helpers/temp-repo.js';

afterAll(removeTempDirs);

describe('where step worktrees live', () => {
  it('is the user cache directory: XDG_CACHE_HOME, else ~/.cache, else UET_WORKTREES_DIR when set', () => {
    expect(uetCacheDir({ XDG_CACHE_HOME: '/xdg', HOME: '/h' })).toBe('/xdg/uet');
    if (process.platform !== 'darwin') expect(uetCacheDir({ HOME: '/h' })).toBe('/h/.cache/uet');
    expect(uetCacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/h' })).not.toContain('relative');
    const common = '/work/acme/.git';
    expect(worktreesRoot(common, 'R1', { XDG_CACHE_HOME: '/xdg' })).toMatch(/^\/xdg\/uet\/worktrees\/acme-[0-9a-f]{16}\/R1$/);
    expect(worktreesRoot(common, 'R1', { UET_WORKTREES_DIR: '/big/disk', XDG_CACHE_HOME: '/xdg' })).toMatch(
      /^\/big\/disk\/acme-[0-9a-f]{16}\/R1$/,
    );
    expect(stepWorktreePath(common, 'R1', 's1', { XDG_CACHE_HOME: '/xdg' })).toBe(
      path.join(worktreesRoot(common, 'R1', { XDG_CACHE_HOME: '/xdg' }), 's1'),
    );
  });

  it('keys two repositories of the same name apart, and two runs of one repository apart', () => {
    const env = { XDG_CACHE_HOME: '/xdg' };
    const a = repoWorktreesDir('/one/app/.git', env);
    const b = repoWorktreesDir('/two/app/.git', env);
    expect(path.basename(a)).toMatch(/^app-/);
    expect(a).not.toBe(b);
    expect(worktreesRoot('/one/app/.git', 'R1', env)).not.toBe(worktreesRoot('/one/app/.git', 'R2', env));
    expect(repoWorktreesDir('/srv/bare.git', env)).toMatch(/\/bare-[0-9a-f]{16}$/);
  });

  it('is never inside a .git directory, the git directory or the checkout', () => {
    const refuse = (wt: string) => () => assertWorktreeLocation(wt, '/r/.git', '/r');
    expect(refuse('/home/u/.cache/uet/worktrees/r-1/R/s')).not.toThrow();
    expect(refuse('/r/.git/uet/worktrees/R/s')).toThrow(/inside a \.git directory/);
    expect(refuse('/srv/x.git/wt')).not.toThrow();
    expect(refuse('/r/cache/uet/worktrees/R/s')).toThrow(UsageError);
    expect(refuse('/r/cache/uet/worktrees/R/s')).toThrow(/inside the checkout \/r.*UET_WORKTREES_DIR/);
    expect(() => assertWorktreeLocation('/srv/repo.git/x', '/srv/repo.git', '/srv/co')).toThrow(/inside the git directory/);
  });

  it('two repositories run at once without sharing a worktree, and cleanup removes only its run', async () => {
    const [one, two] = await Promise.all([createTempRepo(), createTempRepo()]);
    await Promise.all([createRunBranch(one, 'R1'), createRunBranch(two, 'R1'), createRunBranch(one, 'R2')]);
    const [c1, c2] = await Promise.all([gitCommonDir(one), gitCommonDir(two)]);
    const tip1 = (await revParse(one, 'uet/run/R1'))!;
    const tip2 = (await revParse(two, 'uet/run/R1'))!;
    const places = [stepWorktreePath(c1, 'R1', 's'), stepWorktreePath(c2, 'R1', 's'), stepWorktreePath(c1, 'R2', 's')];
    expect(new Set(places).size).toBe(3);
    await Promise.all([
      createWorktree(one, c1, places[0]!, tip1, { branch: stepBranchName('R1', 's') }),
      createWorktree(two, c2, places[1]!, tip2, { branch: stepBranchName('R1', 's') }),
      createWorktree(one, c1, places[2]!, tip1, { branch: stepBranchName('R2', 's') }),
    ]);
    for (const p of places) expect((await stat(path.join(p, 'README.md'))).isFile()).toBe(true);
    expect(await cleanupRun(one, 'R1')).toEqual([places[0]]);
    await expect(stat(places[0]!)).rejects.toThrow();
    expect((await stat(places[1]!)).isDirectory()).toBe(true);
    expect((await stat(places[2]!)).isDirectory()).toBe(true);
    expect(await git(one, 'worktree', 'list')).toContain(places[2]);
    await cleanupRun(one, 'R2');
    await cleanupRun(two, 'R1');
    await expect(stat(repoWorktreesDir(c1))).rejects.toThrow(); // the repository's directory goes with its last run
  });

  it('cleanup also removes worktrees that an older UET left inside the git directory', async () => {
    const repo = await createTempRepo();
    await createRunBranch(repo, 'R1');
    const common = await gitCommonDir(repo);
    const old = path.join(legacyWorktreesRoot(common, 'R1'), 's');
    await git(repo, 'worktree', 'add', '--detach', old, 'uet/run/R1');
    await mkdir(path.join(legacyWorktreesRoot(common, 'R1'), 'half'), { recursive: true });
    await writeFile(path.join(legacyWorktreesRoot(common, 'R1'), 'half', 'x'), 'x');
    const removed = await cleanupRun(repo, 'R1');
    expect(removed.sort()).toEqual([path.join(legacyWorktreesRoot(common, 'R1'), 'half'), old].sort());
    await expect(stat(legacyWorktreesRoot(common, 'R1'))).rejects.toThrow();
    expect(await git(repo, 'worktree', 'list')).not.toContain('uet/worktrees');
  });
});
