import { ExponentialBackoff, decorrelatedJitterGenerator, handleType, retry } from 'cockatiel';
import { GitLockBusy } from './classify-git-lock.js';
import { GitLockError } from './git-error.js';

/** How long a git command waits for a lock that someone else holds: `retries` more runs, exponential backoff. */
export interface GitLockWait {
  readonly retries: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * git itself waits 100 ms for a ref lock (core.filesRefLockTimeout) and not at all for index.lock. A user's `git gc`
 * or an editor's `git status` can hold one for longer: UET runs the command again with decorrelated jitter from
 * 50 ms, capped at 1 s, 10 times (about 5 s in all, 10 s at most), then gives up with the lock's path.
 */
export const GIT_LOCK_WAIT: GitLockWait = { retries: 10, initialDelayMs: 50, maxDelayMs: 1_000 };

/**
 * Runs `run` (one git command) again while it fails with GitLockBusy, within `wait`; then rejects with a
 * GitLockError that names the lock. A command that meets a held lock changed nothing (git takes its locks before it
 * writes), so running it again is safe. Lock contention is transient by nature: it is never final at first sight.
 */
export async function retryWhileLocked<T>(
  run: () => Promise<T>,
  args: readonly string[],
  wait: GitLockWait = GIT_LOCK_WAIT,
): Promise<T> {
  const started = Date.now();
  let tries = 0;
  const policy = retry(handleType(GitLockBusy), {
    maxAttempts: wait.retries,
    backoff: new ExponentialBackoff({
      generator: decorrelatedJitterGenerator,
      initialDelay: wait.initialDelayMs,
      maxDelay: wait.maxDelayMs,
    }),
  });
  try {
    return await policy.execute(() => {
      tries += 1;
      return run();
    });
  } catch (e) {
    if (!(e instanceof GitLockBusy)) throw e;
    throw new GitLockError(args, e.exitCode, e.stderr, e.lockPath, tries, Date.now() - started, { cause: e });
  }
}
