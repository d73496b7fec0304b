import path from 'node:path';
import { runGit } from './run-git.js';

/** Small read-only questions about a repository. Each is one git call. */

export async function isGitRepo(dir: string): Promise<boolean> {
  try {
    const r = await runGit(dir, ['rev-parse', '--is-inside-work-tree'], { okCodes: [0, 128] });
    return r.code === 0 && r.stdout.trim() === 'true';
  } catch {
    return false; // not a directory, or git missing: the caller reports "not a git repository"
  }
}

/** The commit a revision names, or null when it does not resolve (no commits yet, unknown ref). */
export async function revParse(dir: string, rev: string): Promise<string | null> {
  const r = await runGit(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], {
    okCodes: [0, 1],
  });
  return r.code === 0 ? r.stdout.trim() : null;
}

/** Absolute path of the directory shared by all worktrees (`.git` of the main checkout). */
export async function gitCommonDir(dir: string): Promise<string> {
  const r = await runGit(dir, ['rev-parse', '--path-format=absolute', '--git-common-dir']);
  return path.resolve(dir, r.stdout.trim());
}

/** Absolute path of the top of the working tree that contains `dir`. */
export async function showToplevel(dir: string): Promise<string> {
  const r = await runGit(dir, ['rev-parse', '--show-toplevel']);
  return r.stdout.trim();
}

/** The checked-out branch (short name), or null when HEAD is detached. */
export async function currentBranch(dir: string): Promise<string | null> {
  const r = await runGit(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD'], { okCodes: [0, 1] });
  return r.code === 0 ? r.stdout.trim() : null;
}

/** `git status --porcelain=v1 -z --untracked-files=all`, raw. Empty when the checkout is clean. */
export async function statusPorcelain(dir: string): Promise<string> {
  const r = await runGit(dir, [
    '--no-optional-locks',
    'status',
    '--porcelain=v1',
    '-z',
    '--untracked-files=all',
  ]);
  return r.stdout;
}

/** A config value, or null when unset. */
export async function configGet(dir: string, key: string): Promise<string | null> {
  const r = await runGit(dir, ['config', '--get', key], { okCodes: [0, 1] });
  return r.code === 0 ? r.stdout.trim() : null;
}

/** The running git's version as [major, minor]. */
export async function gitVersion(dir: string): Promise<[number, number]> {
  const r = await runGit(dir, ['version']);
  const m = /(\d+)\.(\d+)/.exec(r.stdout);
  return [Number(m?.[1] ?? 0), Number(m?.[2] ?? 0)];
}
