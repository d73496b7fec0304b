import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { worktreesRoot } from './run-branches.js';
import { runGit } from './run-git.js';

/**
 * A run's worktrees: those git has registered under the run's worktree directory (wherever step-worktree puts it,
 * through worktreesRoot), and the directories there git no longer knows (a crash between add and register).
 */
export async function listRunWorktrees(repoRoot: string, commonDir: string, runId: string): Promise<string[]> {
  const root = path.resolve(worktreesRoot(commonDir, runId));
  const r = await runGit(repoRoot, ['worktree', 'list', '--porcelain', '-z']);
  const registered = r.stdout
    .split('\0')
    .filter((l) => l.startsWith('worktree '))
    .map((l) => path.resolve(l.slice('worktree '.length)))
    .filter((p) => p.startsWith(root + path.sep));
  const onDisk = await readdir(root).then(
    (names) => names.map((n) => path.join(root, n)),
    () => [] as string[],
  );
  return [...new Set([...registered, ...onDisk])].sort();
}
