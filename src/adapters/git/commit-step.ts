import { runGit } from './run-git.js';
import { NO_HOOKS } from './step-worktree.js';

export interface StepCommit {
  readonly commit: string;
  /** Paths added, modified or deleted (a rename counts as two). */
  readonly filesChanged: number;
}

/**
 * Stages everything in the worktree (`git add -A`, .gitignore respected) and commits it on the checked-out
 * step branch. Returns null when nothing changed: no commit is made. With `base` (the commit the worktree started
 * at), commits the tool made itself are folded into that one commit first (`git reset --soft base`), so that their
 * changes are the step's change too, and carry the step's trailers.
 */
export async function commitStep(
  worktree: string,
  message: string,
  configArgs: readonly string[],
  base?: string,
): Promise<StepCommit | null> {
  if (base !== undefined && (await runGit(worktree, ['rev-parse', 'HEAD'])).stdout.trim() !== base)
    await runGit(worktree, ['reset', '--soft', '--quiet', base]);
  await runGit(worktree, ['add', '-A']);
  const diff = await runGit(worktree, ['diff', '--cached', '--name-only', '--no-renames', '-z']);
  const filesChanged = diff.stdout.split('\0').filter(Boolean).length;
  if (filesChanged === 0) return null;
  await runGit(
    worktree,
    [...NO_HOOKS, ...configArgs, 'commit', '--quiet', '--no-verify', '--cleanup=verbatim', '-F', '-'],
    { input: message },
  );
  const head = await runGit(worktree, ['rev-parse', 'HEAD']);
  return { commit: head.stdout.trim(), filesChanged };
}
