import { readFile, writeFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { cleanupRun } from '../../../src/adapters/executor/cleanup-run.js';
import { openLocalRun, prepareLocalRun } from '../../../src/adapters/executor/prepare-local-run.js';
import { ensureUetExcluded } from '../../../src/adapters/git/ensure-uet-excluded.js';
import { gitCommonDir, isGitRepo, revParse } from '../../../src/adapters/git/repo-queries.js';
import { createRunBranch, stepBranchName, stepWorktreePath } from '../../../src/adapters/git/run-branches.js';
import { createWorktree, removeWorktree } from '../../../src/adapters/git/step-worktree.js';
import { createTempRepo, git, makeTempDir, removeTempDirs } from '../helpers/temp-repo.js';

afterAll(removeTempDirs);

describe('run branch', () => {
  it('is created at HEAD and refuses to be created twice', async () => {
    const repo = await createTempRepo();
    const head = await git(repo, 'rev-parse', 'HEAD');
    const { baseCommit, runBranch } = await createRunBranch(repo, 'r1');
    expect(baseCommit).toBe(head);
    expect(runBranch).toBe('uet/run/r1');
    expect(await git(repo, 'rev-parse', 'uet/run/r1')).toBe(head);
    expect(await git(repo, 'symbolic-ref', '--short', 'HEAD')).toBe('main');
    await expect(createRunBranch(repo, 'r1')).rejects.toThrow(/already exists/);
  });

  it('refuses a repository without commits with a clear UsageError, writing nothing', async () => {
    const repo = await createTempRepo(null);
    const err = await prepareLocalRun(repo, 'r1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/no commits/);
    expect(await readFile(path.join(repo, '.git/info/exclude'), 'utf8')).not.toMatch(/\.uet/);
  });

  it('prepareLocalRun refuses a directory that is not a git repository, and a missing one', async () => {
    const dir = await makeTempDir();
    expect(await isGitRepo(dir)).toBe(false);
    await expect(prepareLocalRun(dir, 'r1')).rejects.toThrow(/not a git repository/);
    await expect(prepareLocalRun(path.join(dir, 'nope'), 'r1')).rejects.toThrow(/no such directory/);
    await expect(prepareLocalRun(dir, '../evil')).rejects.toBeInstanceOf(UsageError);
  });

  it('prepareLocalRun works from a subdirectory and returns the repository root; openLocalRun reopens it', async () => {
    const repo = await createTempRepo({ 'src/a.txt': 'a\n' });
    const run = await prepareLocalRun(path.join(repo, 'src'), 'r2');
    expect(run.repoRoot).toBe(await git(repo, 'rev-parse', '--show-toplevel'));
    expect(run.baseCommit).toBe(await git(repo, 'rev-parse', 'HEAD'));
    const reopened = await openLocalRun(repo, 'r2');
    expect(reopened.tip).toBe(run.baseCommit);
    await expect(openLocalRun(repo, 'nope')).rejects.toThrow(/^run nope cannot be resumed: its branch uet\/run\/nope is gone from /);
    await git(repo, 'branch', '-D', 'uet/run/r2'); // deleted by hand: the run's log stays, resume says why it cannot go on
    await expect(openLocalRun(repo, 'r2')).rejects.toThrow(`run r2 cannot be resumed: its branch uet/run/r2 is gone from ${run.repoRoot} (deleted?); its log is kept in .uet/runs/r2/`);
  });
});

describe('ensureUetExcluded', () => {
  it('adds the two patterns once, keeping existing lines, and hides .uet files from git status', async () => {
    const repo = await createTempRepo();
    const exclude = path.join(repo, '.git/info/exclude');
    await writeFile(exclude, '*.log'); // no trailing newline
    await ensureUetExcluded(repo);
    await ensureUetExcluded(repo);
    const text = await readFile(exclude, 'utf8');
    expect(text.startsWith('*.log\n')).toBe(true);
    expect(text.match(/^\.uet\/runs\/$/gm)).toHaveLength(1);
    expect(text.match(/^\.uet\/ledger\/$/gm)).toHaveLength(1);
    await mkdir(path.join(repo, '.uet/runs/x'), { recursive: true });
    await writeFile(path.join(repo, '.uet/runs/x/events.jsonl'), '{}\n');
    expect(await git(repo, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  });
});

describe('worktrees', () => {
  it('lives outside the repository, starts clean after a crashed attempt, and is removed without a trace', async () => {
    const repo = await createTempRepo();
    await createRunBranch(repo, 'r1');
    const common = await gitCommonDir(repo);
    const wt = stepWorktreePath(common, 'r1', 's1');
    expect(wt.split(path.sep)).not.toContain('.git');
    expect(path.relative(repo, wt).startsWith('..')).toBe(true);
    const tip = (await revParse(repo, 'uet/run/r1'))!;
    await createWorktree(repo, common, wt, tip, { branch: stepBranchName('r1', 's1') });
    await writeFile(path.join(wt, 'junk.txt'), 'left by a crash\n');
    await git(wt, 'add', 'junk.txt');
    await git(wt, 'commit', '-q', '-m', 'crashed attempt');
    // The next attempt: the worktree and the step branch are reset to the tip.
    await createWorktree(repo, common, wt, tip, { branch: stepBranchName('r1', 's1') });
    await expect(stat(path.join(wt, 'junk.txt'))).rejects.toThrow();
    expect(await git(wt, 'rev-parse', 'HEAD')).toBe(tip);
    expect(await git(wt, 'symbolic-ref', '--short', 'HEAD')).toBe('uet/step/r1/s1');
    expect(await git(repo, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    await removeWorktree(repo, common, wt);
    await expect(stat(wt)).rejects.toThrow();
    expect(await git(repo, 'worktree', 'list')).not.toMatch(/uet\/worktrees/);
  });

  it('cleanupRun removes leftover worktrees, including ones whose directory vanished', async () => {
    const repo = await createTempRepo();
    await createRunBranch(repo, 'r1');
    const common = await gitCommonDir(repo);
    const tip = (await revParse(repo, 'uet/run/r1'))!;
    await createWorktree(repo, common, stepWorktreePath(common, 'r1', 'a'), tip);
    await createWorktree(repo, common, stepWorktreePath(common, 'r1', 'b'), tip);
    await import('node:fs/promises').then((fs) =>
      fs.rm(stepWorktreePath(common, 'r1', 'b'), { recursive: true }),
    );
    const removed = await cleanupRun(repo, 'r1');
    expect(removed.map((p) => path.basename(p)).sort()).toEqual(['a', 'b']);
    expect(await git(repo, 'worktree', 'list', '--porcelain')).not.toMatch(/uet\/worktrees/);
  });
});
