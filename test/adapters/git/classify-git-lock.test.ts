import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyGitLock } from '../../../src/adapters/git/classify-git-lock.js';
import { GitError, GitLockError } from '../../../src/adapters/git/git-error.js';
import { runGit } from '../../../src/adapters/git/run-git.js';
import { createTempRepo, git, makeTempDir, removeTempDirs } from '../helpers/temp-repo.js';

afterAll(removeTempDirs);

/** What the real git prints when it fails: the text classifyGitLock reads. */
async function stderrOf(cwd: string, ...args: string[]): Promise<string> {
  try {
    await promisify(execFile)('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd, env: { ...process.env, LC_ALL: 'C' } });
    return '';
  } catch (e) {
    return (e as { stderr: string }).stderr;
  }
}

const QUICK = { retries: 3, initialDelayMs: 10, maxDelayMs: 40 };

describe('classifyGitLock (against what git 2.39 prints)', () => {
  it('names the lock file of a ref, the index, HEAD, a fetched ref and the config', async () => {
    const dir = await createTempRepo();
    const head = await git(dir, 'rev-parse', 'HEAD');
    await git(dir, 'update-ref', 'refs/heads/uet/run/R1', head);
    await git(dir, 'commit', '-q', '--allow-empty', '-m', 'two');
    const cases: [string, string[]][] = [
      ['.git/refs/heads/uet/run/R1.lock', ['update-ref', 'refs/heads/uet/run/R1', 'HEAD']],
      ['.git/index.lock', ['add', '-A']],
      ['.git/HEAD.lock', ['commit', '-q', '--allow-empty', '-m', 'x']],
      ['.git/refs/fetched/R1.lock', ['fetch', '-q', '--no-write-fetch-head', '.', '+refs/heads/uet/run/R1:refs/fetched/R1']],
      ['.git/config.lock', ['config', 'uet.x', '1']],
    ];
    await git(dir, 'update-ref', 'refs/fetched/R1', 'HEAD'); // R1 is one commit behind: the fetch must move it
    for (const [lock, args] of cases) {
      writeFileSync(join(dir, lock), '');
      const stderr = await stderrOf(dir, ...args);
      rmSync(join(dir, lock));
      expect(stderr, lock).toMatch(/File exists/);
      expect(classifyGitLock(stderr, dir), lock).toBe(join(dir, lock));
    }
  });

  it('is null for failures that are not lock contention, and for a lock a remote reports', async () => {
    const dir = await createTempRepo();
    expect(classifyGitLock(await stderrOf(dir, 'rev-parse', '--verify', 'nope'), dir)).toBeNull();
    expect(classifyGitLock("fatal: Unable to create '/x/.git/index.lock': Permission denied", dir)).toBeNull();
    const bare = join(await makeTempDir(), 'origin.git');
    await git(dir, 'init', '-q', '--bare', bare);
    await git(dir, 'push', '-q', bare, 'HEAD:refs/heads/x');
    await git(dir, 'commit', '-q', '--allow-empty', '-m', 'two');
    writeFileSync(join(bare, 'refs/heads/x.lock'), '');
    const pushed = await stderrOf(dir, 'push', bare, 'HEAD:refs/heads/x');
    expect(pushed).toMatch(/remote: .*Unable to create .*x\.lock': File exists/);
    expect(classifyGitLock(pushed, dir)).toBeNull();
  });
});

describe('runGit and a held lock: transient, waited for, then named', () => {
  it('waits for a lock another process releases, and the command then succeeds', async () => {
    const dir = await createTempRepo();
    const lock = join(dir, '.git/refs/heads/uet/run/R2.lock');
    mkdirSync(join(dir, '.git/refs/heads/uet/run'), { recursive: true });
    writeFileSync(lock, '');
    setTimeout(() => rmSync(lock), 300);
    const r = await runGit(dir, ['update-ref', 'refs/heads/uet/run/R2', 'HEAD', ''.padEnd(40, '0')], {
      lockWait: { retries: 20, initialDelayMs: 20, maxDelayMs: 100 },
    });
    expect(r.code).toBe(0);
    expect(await git(dir, 'rev-parse', 'uet/run/R2')).toBe(await git(dir, 'rev-parse', 'HEAD'));
  });

  it('a lock still held after the wait fails with its path and what to do, even when the exit code is "ok"', async () => {
    const dir = await createTempRepo();
    const lock = join(dir, '.git/index.lock');
    writeFileSync(lock, '');
    const started = Date.now();
    const e = await runGit(dir, ['add', '-A'], { okCodes: [0, 1, 128], lockWait: QUICK }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(GitLockError);
    const err = e as GitLockError;
    expect(err).toBeInstanceOf(GitError); // callers that handle git failures still see one
    expect(err.lockPath).toBe(lock);
    expect(err.tries).toBe(QUICK.retries + 1);
    expect(err.waitedMs).toBeLessThan(Date.now() - started + 1);
    expect(err.message).toContain(`${lock} is in the way`);
    expect(err.message).toContain(`rm '${lock}'`);
    expect(err.message).toMatch(/still there after 4 tries over \d+\.\d s/);
  });

  it('other failures are not retried', async () => {
    const dir = await createTempRepo();
    const started = Date.now();
    const e = await runGit(dir, ['rev-parse', '--verify', 'nope'], { lockWait: { retries: 5, initialDelayMs: 1_000, maxDelayMs: 1_000 } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(GitError);
    expect(e).not.toBeInstanceOf(GitLockError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
