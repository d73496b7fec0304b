import { runGit } from './run-git.js';

/** A ref and the commit it points to. */
export interface RefAt {
  readonly ref: string;
  readonly commit: string;
}

/** The refs under `prefix` (such as `refs/heads/uet/step/<run_id>/`), with their commits, sorted by name. */
export async function listRefs(repoRoot: string, prefix: string): Promise<RefAt[]> {
  const r = await runGit(repoRoot, ['for-each-ref', '--format=%(refname) %(objectname)', prefix]);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const at = line.lastIndexOf(' ');
      return { ref: line.slice(0, at), commit: line.slice(at + 1) };
    });
}

/**
 * Deletes refs in one transaction, each only if it still points where it was seen (update-ref's old value), so a ref
 * moved by someone else since is left alone (the whole transaction then fails with a GitError).
 */
export async function deleteRefs(repoRoot: string, refs: readonly RefAt[]): Promise<void> {
  if (!refs.length) return;
  const input = refs.map((r) => `delete ${r.ref} ${r.commit}\n`).join('');
  await runGit(repoRoot, ['update-ref', '--no-deref', '--stdin'], { input });
}

/** The prefix of a run's step branches, `refs/heads/uet/step/<run_id>/`. */
export const stepRefsPrefix = (runId: string) => `refs/heads/uet/step/${runId}/`;

/** Deletes a run's step branches (each where it was seen); returns them. */
export async function removeStepBranches(repoRoot: string, runId: string): Promise<RefAt[]> {
  const refs = await listRefs(repoRoot, stepRefsPrefix(runId));
  await deleteRefs(repoRoot, refs);
  return refs;
}
