import { rm, rmdir, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { mutexFor } from '../create-mutex.js';
import { runGit } from './run-git.js';
import { assertWorktreeLocation, legacyWorktreesRoot, repoWorktreesDir, worktreesRoot } from './worktree-location.js';

/** Hooks of the user's repository do not run for UET's internal checkouts and commits. */
export const NO_HOOKS = ['-c', 'core.hooksPath=/dev/null'] as const;

/** Worktree add/remove/prune touch shared admin files under the common dir: one at a time per repository. */
const adminLock = (commonDir: string) => mutexFor(`worktree-admin:${commonDir}`);

async function registeredWorktrees(repoDir: string): Promise<Set<string>> {
  const r = await runGit(repoDir, ['worktree', 'list', '--porcelain', '-z']);
  const paths = r.stdout
    .split('\0')
    .filter((l) => l.startsWith('worktree '))
    .map((l) => path.resolve(l.slice('worktree '.length)));
  return new Set(paths);
}

const ADD_IN_PROGRESS_MS = 30_000;

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

/**
 * Like `git worktree prune`, but only for UET's own worktrees (under this repository's worktrees directory, or the
 * legacy <common-dir>/uet/): a user's worktree on an unmounted disk must not lose its admin entry because of us.
 */
async function pruneUetWorktrees(commonDir: string): Promise<void> {
  const admin = path.join(commonDir, 'worktrees');
  const ours = [repoWorktreesDir(commonDir) + path.sep, path.join(commonDir, 'uet') + path.sep];
  let names: string[];
  try {
    names = await readdir(admin);
  } catch {
    return;
  }
  for (const name of names) {
    const gitdir = await readFile(path.join(admin, name, 'gitdir'), 'utf8').then(
      (t) => t.trim(),
      () => null,
    );
    if (gitdir === null || !ours.some((o) => path.resolve(gitdir).startsWith(o)) || (await exists(gitdir))) continue;
    // `git worktree add` (maybe in another uet process) holds a `locked` file while it sets the worktree up.
    const locked = await stat(path.join(admin, name, 'locked')).then(
      (st) => st.mtimeMs,
      () => null,
    );
    if (locked !== null && Date.now() - locked < ADD_IN_PROGRESS_MS) continue;
    await rm(path.join(admin, name), { recursive: true, force: true });
  }
}

async function removeUnlocked(repoDir: string, commonDir: string, worktree: string): Promise<void> {
  const abs = path.resolve(worktree);
  if (await exists(abs)) {
    // Not a worktree git knows (a half-created one): exit 128, and the rm below does the job.
    await runGit(repoDir, ['worktree', 'remove', '--force', '--force', abs], { okCodes: [0, 128] });
    await rm(abs, { recursive: true, force: true });
  }
  await pruneUetWorktrees(commonDir);
}

/** Removes a worktree (even a dirty or locked one, or a directory git no longer knows) and prunes its admin entry. */
export function removeWorktree(repoDir: string, commonDir: string, worktree: string): Promise<void> {
  return adminLock(commonDir).run(() => removeUnlocked(repoDir, commonDir, worktree));
}

export interface CreateWorktreeOptions {
  /** Check out this branch, (re)set to `commit`; without it the worktree is detached. */
  readonly branch?: string;
}

/**
 * Creates a fresh worktree at `worktree` checked out at `commit`. A leftover worktree at the same place (from a
 * crashed attempt) is removed first, and the branch is reset, so every attempt starts clean. The place must be
 * outside every `.git` directory and outside the checkout (assertWorktreeLocation).
 */
export function createWorktree(
  repoDir: string,
  commonDir: string,
  worktree: string,
  commit: string,
  options: CreateWorktreeOptions = {},
): Promise<string> {
  return adminLock(commonDir).run(async () => {
    assertWorktreeLocation(worktree, commonDir, repoDir);
    await removeUnlocked(repoDir, commonDir, worktree);
    await mkdir(path.dirname(worktree), { recursive: true });
    const target = options.branch ? ['--no-track', '-B', options.branch] : ['--detach'];
    await runGit(repoDir, [...NO_HOOKS, 'worktree', 'add', ...target, worktree, commit]);
    return worktree;
  });
}

/** Removes every worktree of a run (leftovers of a crash, or kept ones), at today's place and the legacy one. */
export function removeRunWorktrees(repoDir: string, commonDir: string, runId: string): Promise<string[]> {
  return adminLock(commonDir).run(async () => {
    const roots = [worktreesRoot(commonDir, runId), legacyWorktreesRoot(commonDir, runId)];
    const registered = [...(await registeredWorktrees(repoDir))];
    const all = new Set<string>();
    for (const root of roots) {
      for (const p of registered) if (p.startsWith(root + path.sep)) all.add(p);
      try {
        for (const n of await readdir(root)) all.add(path.join(root, n));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    for (const wt of all) await removeUnlocked(repoDir, commonDir, wt);
    for (const root of roots) await rm(root, { recursive: true, force: true });
    await rmdir(repoWorktreesDir(commonDir)).catch(() => undefined); // only when no other run has worktrees there
    return [...all];
  });
}
