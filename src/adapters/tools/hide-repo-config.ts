import { lstat, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * The files in the checkout's root that aider reads as its own configuration (aider's docs: `.aider.conf.yml` and
 * `.env` are loaded from the git root whatever `--config`/`--env-file` say, and so are its model settings and
 * metadata): a repository could set aider's endpoint or key with them.
 */
export const AIDER_REPO_CONFIG = ['.aider.conf.yml', '.env', '.aider.model.settings.yml', '.aider.model.metadata.json'] as const;

const present = (p: string) => lstat(p).then(() => true, () => false);

/**
 * Moves `names` out of the worktree root into a directory of `parent` while `run` runs, then puts back each one the
 * tool did not recreate (one it recreated stays as the tool wrote it, so that the step's patch shows the change and
 * the patch policy judges it). Returns what `run` returns.
 */
export async function withRepoConfigHidden<T>(worktree: string, names: readonly string[], parent: string, run: () => Promise<T>): Promise<T> {
  const found: string[] = [];
  for (const n of names) if (await present(path.join(worktree, n))) found.push(n);
  if (!found.length) return run();
  await mkdir(parent, { recursive: true });
  const aside = await mkdtemp(path.join(parent, 'uet-hidden-'));
  for (const n of found) await rename(path.join(worktree, n), path.join(aside, n));
  try {
    return await run();
  } finally {
    for (const n of found)
      if (!(await present(path.join(worktree, n)))) await rename(path.join(aside, n), path.join(worktree, n));
    await rm(aside, { recursive: true, force: true });
  }
}
