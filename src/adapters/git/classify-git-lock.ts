import path from 'node:path';
import { GitError } from './git-error.js';

/**
 * Lock contention, as git reports it (lockfile.c `unable_to_lock_message`, config.c): "Unable to create
 * '<file>.lock': File exists." followed by "Another git process seems to be running in this repository", or "could
 * not lock config file <file>: File exists". Lines a remote sent (`remote: …`) are about another repository.
 */
const UNABLE_TO_CREATE = /Unable to create '([^'\n]+\.lock)': File exists/;
const CONFIG_LOCK = /could not lock config file (.+?): File exists/;

/** The lock file a failed git command names as held by someone else, or null when its failure is something else. */
export function classifyGitLock(stderr: string, cwd: string): string | null {
  for (const line of stderr.split('\n')) {
    if (/^\s*remote:/.test(line)) continue;
    const held = UNABLE_TO_CREATE.exec(line)?.[1] ?? (CONFIG_LOCK.exec(line)?.[1] ?? null);
    if (held !== null) return path.resolve(cwd, held.endsWith('.lock') ? held : `${held}.lock`);
  }
  return null;
}

/** A git command that met a held lock: retried by retryWhileLocked (retry-while-locked.ts), never a final outcome by itself. */
export class GitLockBusy extends GitError {
  constructor(
    args: readonly string[],
    exitCode: number | null,
    stderr: string,
    readonly lockPath: string,
  ) {
    super(args, exitCode, stderr);
    this.name = 'GitLockBusy';
  }
}
