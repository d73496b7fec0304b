import { execFile } from 'node:child_process';
import { classifyGitLock, GitLockBusy } from './classify-git-lock.js';
import { GitError } from './git-error.js';
import { retryWhileLocked, type GitLockWait } from './retry-while-locked.js';

export interface GitResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

export interface RunGitOptions {
  /** Written to git's stdin. */
  readonly input?: string;
  /** Extra environment variables (on top of the parent's, minus the repository-redirecting GIT_* ones). */
  readonly env?: Readonly<Record<string, string>>;
  /** Exit codes that are not errors. Default [0]. */
  readonly okCodes?: readonly number[];
  /** Parent environment; defaults to process.env. */
  readonly parentEnv?: NodeJS.ProcessEnv;
  /** How long to wait for a lock file someone else holds (retry-while-locked.ts); default GIT_LOCK_WAIT. */
  readonly lockWait?: GitLockWait;
}

/** Variables that would point git at another repository than `cwd` (set inside hooks, for instance). */
const REDIRECTING = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_PREFIX',
  'GIT_NAMESPACE',
];

const MAX_BUFFER = 512 * 1024 * 1024;

/** The environment for git: the parent's minus the redirecting variables, plus `extra`, in the C locale. */
export function gitEnv(
  parent: NodeJS.ProcessEnv,
  extra: Readonly<Record<string, string>> | undefined,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...parent };
  for (const k of REDIRECTING) delete env[k];
  return { ...env, ...extra, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };
}

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

function runGitOnce(cwd: string, args: readonly string[], options: RunGitOptions): Promise<GitResult> {
  const okCodes = options.okCodes ?? [0];
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['-c', 'core.quotepath=off', ...args],
      {
        cwd,
        env: gitEnv(options.parentEnv ?? process.env, options.env),
        maxBuffer: MAX_BUFFER,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        const held = code !== 0 ? classifyGitLock(stderr, cwd) : null;
        if (held !== null) reject(new GitLockBusy(args, code, stderr, held));
        else if (code !== null && okCodes.includes(code)) resolve({ stdout, stderr, code });
        else reject(new GitError(args, code, stderr || (error?.message ?? ''), { cause: error }));
      },
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}
