import { UetError } from '../../core/errors.js';

/** A git command that failed (or could not start). Carries the arguments, exit code and stderr. */
export class GitError extends UetError {
  readonly code = 'git';
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    const detail = stderr.trim().split('\n').slice(-5).join('\n');
    super(
      `git ${args.join(' ')} failed${exitCode === null ? '' : ` (exit ${exitCode})`}${detail ? `: ${detail}` : ''}`,
      options,
    );
    this.name = 'GitError';
  }
}

/**
 * A git command that could not take a lock file because it exists, after UET waited for it (classifyGitLock): another
 * git process holds it, or one that crashed left it. UET does not know which, so it never deletes it here; the
 * message names the file and what the user can do.
 */
export class GitLockError extends GitError {
  constructor(
    args: readonly string[],
    exitCode: number | null,
    stderr: string,
    /** The lock file git could not create (absolute). */
    readonly lockPath: string,
    /** How many times the command ran, and for how long UET waited in all. */
    readonly tries: number,
    readonly waitedMs: number,
    options?: { cause?: unknown },
  ) {
    super(args, exitCode, stderr, options);
    this.name = 'GitLockError';
    const sub = args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '-c') ?? 'git';
    this.message =
      `git ${sub}: ${lockPath} is in the way: another git process is using the repository, or a git process that ` +
      `crashed left it (it was still there after ${tries} tries over ${(waitedMs / 1000).toFixed(1)} s). ` +
      `If no git process is running there, remove it (rm '${lockPath}') and try again.`;
  }
}
