import { execFile } from 'node:child_process';
import { classifyGitLock, GitLockBusy } from './classify-git-lock.js';
import { GitError } from './git-error.js';
import { cleanGitEnv, DUBIOUS_OWNERSHIP, GIT_SAFE_ARGS, safeDirectoryArgs, userSafeDirectories } from './git-safety.js';
import { retryWhileLocked, type GitLockWait } from './retry-while-locked.js';

export interface GitResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

export interface RunGitOptions {
  /** Written to git's stdin. */
  readonly input?: string;
  /** Extra environment variables (on top of the few of the parent's that git needs: see cleanGitEnv). */
  readonly env?: Readonly<Record<string, string>>;
  /** Exit codes that are not errors. Default [0]. */
  readonly okCodes?: readonly number[];
  /** Parent environment; defaults to process.env. */
  readonly parentEnv?: NodeJS.ProcessEnv;
  /** How long to wait for a lock file someone else holds (retry-while-locked.ts); default GIT_LOCK_WAIT. */
  readonly lockWait?: GitLockWait;
}

const MAX_BUFFER = 512 * 1024 * 1024;

/** The environment for git: what git needs of the parent's (no credential), no global or system config, plus `extra`. */
export const gitEnv = cleanGitEnv;

/** Every git process UET starts gets these first: paths as they are, and nothing a repository's config would run. */
export const GIT_BASE_ARGS: readonly string[] = ['-c', 'core.quotepath=off', ...GIT_SAFE_ARGS];

/**
 * Runs `git <args>` in `cwd` without a shell. Resolves with stdout/stderr/code when the exit code is in
 * `okCodes`; otherwise (or when git cannot start) rejects with a GitError. A lock file held by someone else is waited
 * for (whatever `okCodes` says), and still held after `lockWait`, rejects with a GitLockError naming it.
 */
export function runGit(
  cwd: string,
  args: readonly string[],
  options: RunGitOptions = {},
): Promise<GitResult> {
  return retryWhileLocked(() => runGitOnce(cwd, args, options), args, options.lockWait);
}

async function runGitOnce(cwd: string, args: readonly string[], options: RunGitOptions): Promise<GitResult> {
  const first = await runGitProcess(cwd, args, options, []);
  if (!(first instanceof GitError)) return first;
  // A repository owned by someone else: only the exceptions the user made in their own config apply.
  const dirs = await userSafeDirectories(options.parentEnv ?? process.env);
  if (!dirs.length) throw first;
  const again = await runGitProcess(cwd, args, options, safeDirectoryArgs(dirs));
  if (again instanceof GitError) throw again;
  return again;
}

/** Runs one git process; resolves with a GitError (not rejects) when git refused a repository of dubious ownership. */
function runGitProcess(cwd: string, args: readonly string[], options: RunGitOptions, safe: readonly string[]): Promise<GitResult | GitError> {
  const okCodes = options.okCodes ?? [0];
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...GIT_BASE_ARGS, ...safe, ...args],
      {
        cwd,
        env: gitEnv(options.parentEnv ?? process.env, options.env),
        maxBuffer: MAX_BUFFER,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        const held = code !== 0 ? classifyGitLock(stderr, cwd) : null;
        if (code === 128 && DUBIOUS_OWNERSHIP.test(stderr)) resolve(new GitError(args, code, stderr));
        else if (held !== null) reject(new GitLockBusy(args, code, stderr, held));
        else if (code !== null && okCodes.includes(code)) resolve({ stdout, stderr, code });
        else reject(new GitError(args, code, stderr || (error?.message ?? ''), { cause: error }));
      },
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}
