import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import path from 'node:path';
import { UsageError } from '../../core/errors.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * UET's directory in the user's cache: `$XDG_CACHE_HOME/uet`, else `~/.cache/uet` (`~/Library/Caches/uet` on
 * macOS). Step worktrees live below it, never inside a `.git` directory (Claude Code refuses to write there) nor in
 * the user's checkout. `UET_WORKTREES_DIR` replaces `<cache>/uet/worktrees` when set (an absolute path).
 */
export function uetCacheDir(env: Env = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'uet');
  const home = env.HOME && path.isAbsolute(env.HOME) ? env.HOME : homedir();
  return path.join(home, process.platform === 'darwin' ? 'Library/Caches' : '.cache', 'uet');
}

/** A readable, collision-free directory name for a repository: its folder name and a hash of its git common dir. */
function repoKey(commonDir: string): string {
  const abs = path.resolve(commonDir);
  const base = path.basename(abs) === '.git' ? path.basename(path.dirname(abs)) : path.basename(abs).replace(/\.git$/, '');
  const name = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.]+/, '_').slice(0, 40) || 'repo';
  return `${name}-${createHash('sha256').update(abs).digest('hex').slice(0, 16)}`;
}

/** Where the worktrees of one repository live: `<cache>/uet/worktrees/<name>-<hash>` (two repositories never share one). */
export function repoWorktreesDir(commonDir: string, env: Env = process.env): string {
  const override = env.UET_WORKTREES_DIR;
  const base = override && path.isAbsolute(override) ? override : path.join(uetCacheDir(env), 'worktrees');
  return path.join(base, repoKey(commonDir));
}

/**
 * The directory of one run's worktrees. This is THE place step and gate worktrees are computed from (the executor,
 * cleanup, and crash recovery all call it): `<cache>/uet/worktrees/<repo>-<hash>/<run_id>/`.
 */
export const worktreesRoot = (commonDir: string, runId: string, env: Env = process.env) =>
  path.join(repoWorktreesDir(commonDir, env), runId);

/** A step's worktree: `<run's worktrees root>/<step_id>`. */
export const stepWorktreePath = (commonDir: string, runId: string, stepId: string, env: Env = process.env) =>
  path.join(worktreesRoot(commonDir, runId, env), stepId);

/** Where UET 0.1 put a run's worktrees (inside the git directory): still cleaned up, never created. */
export const legacyWorktreesRoot = (commonDir: string, runId: string) => path.join(commonDir, 'uet', 'worktrees', runId);

const inside = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/**
 * Refuses a worktree location inside a `.git` directory, inside the git common dir or inside the user's checkout
 * (a cache directory configured there): tools refuse to write in the first, and the user would see the others.
 */
export function assertWorktreeLocation(worktree: string, commonDir: string, checkout: string): void {
  const abs = path.resolve(worktree);
  const why = abs.split(path.sep).includes('.git')
    ? 'it is inside a .git directory'
    : inside(abs, path.resolve(commonDir))
      ? `it is inside the git directory ${commonDir}`
      : inside(abs, path.resolve(checkout))
        ? `it is inside the checkout ${checkout}`
        : null;
  if (why)
    throw new UsageError(
      `cannot put a step worktree at ${abs}: ${why}; set UET_WORKTREES_DIR (or XDG_CACHE_HOME) to a directory outside the repository`,
    );
}
