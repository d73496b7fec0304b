import { UsageError } from '../../core/errors.js';
import { mutexFor } from '../create-mutex.js';
import { GitError } from './git-error.js';
import { revParse } from './repo-queries.js';
import { runBranchRef } from './run-branches.js';
import { runGit } from './run-git.js';

export type IntegrateResult =
  | { readonly ok: true; readonly commit: string; readonly fastForward: boolean }
  | { readonly ok: false; readonly conflicts: readonly string[]; readonly message?: string };

export interface IntegrateOptions {
  readonly repoDir: string;
  readonly commonDir: string;
  readonly runId: string;
  /** The step's commit; its single parent is the run-branch tip the step started from. */
  readonly stepCommit: string;
  /** The step commit's parent (the run-branch tip the step started from), when the caller knows it. */
  readonly stepBase?: string;
  /** Identity/signing `-c` arguments for commit-tree. */
  readonly configArgs: readonly string[];
  /** git >= 2.40 understands `merge-tree --merge-base`. */
  readonly mergeBaseOption: boolean;
  /**
   * The paths the patch writes, as judged by the policy. A 3-way apply that would write any other path (a change
   * carried along a rename made on the run branch since, say) is refused, so that what lands is what was judged.
   */
  readonly writtenPaths?: ReadonlySet<string>;
}

const MAX_CAS_ATTEMPTS = 5;

async function assertRunBranchNotCheckedOut(repoDir: string, ref: string): Promise<void> {
  const r = await runGit(repoDir, ['worktree', 'list', '--porcelain', '-z']);
  let current = '';
  for (const line of r.stdout.split('\0')) {
    if (line.startsWith('worktree ')) current = line.slice('worktree '.length);
    else if (line === `branch ${ref}`)
      throw new UsageError(
        `the run branch ${ref.slice('refs/heads/'.length)} is checked out in ${current}; check out another branch so that UET can advance it`,
      );
  }
}

/** Paths the 3-way result writes on `tip` that the policy never judged; empty when there are none. */
async function unjudgedPaths(o: Pick<IntegrateOptions, 'repoDir' | 'writtenPaths'>, tip: string, tree: string): Promise<string[]> {
  if (!o.writtenPaths) return [];
  const r = await runGit(o.repoDir, ['diff-tree', '-r', '-z', '--no-renames', '--name-only', tip, tree]);
  return r.stdout.split('\0').filter((p) => p !== '' && !o.writtenPaths!.has(p));
}

/**
 * Applies the step commit on `tip` as a 3-way merge with base `parent` (a cherry-pick, done in the object store):
 * merge-tree and commit-tree, no checkout. Used by the local run and by the action's integrate job.
 */
export async function applyOnTip(o: Omit<IntegrateOptions, 'commonDir'>, tip: string, parent: string): Promise<IntegrateResult> {
  if (!o.mergeBaseOption) {
    // Without --merge-base, git picks merge-base(tip, step) — which is `parent` as long as the run branch only grew.
    const anc = await runGit(o.repoDir, ['merge-base', '--is-ancestor', parent, tip], { okCodes: [0, 1] });
    if (anc.code !== 0)
      throw new UsageError(
        `run branch ${runBranchRef(o.runId)} was rewritten: the step's base ${parent.slice(0, 12)} is no longer in its history`,
      );
  }
  const mt = await runGit(
    o.repoDir,
    [
      'merge-tree',
      '--write-tree',
      '--name-only',
      '-z',
      '--no-messages',
      ...(o.mergeBaseOption ? [`--merge-base=${parent}`] : []),
      tip,
      o.stepCommit,
    ],
    { okCodes: [0, 1] },
  );
  const [tree = '', ...rest] = mt.stdout.split('\0');
  if (mt.code === 1) return { ok: false, conflicts: [...new Set(rest.filter(Boolean))] };
  const unjudged = await unjudgedPaths(o, tip, tree.trim());
  if (unjudged.length)
    return { ok: false, conflicts: unjudged, message: `the 3-way apply onto the run branch would write paths the patch policy did not judge: ${unjudged.join(', ')}` };
  const info = await runGit(o.repoDir, [
    'show',
    '-s',
    '--format=%an%x00%ae%x00%ad%x00%B',
    '--date=raw',
    o.stepCommit,
  ]);
  const [name = '', email = '', date = '', ...body] = info.stdout.split('\0');
  const message = body.join('\0').replace(/\n$/, '');
  const ct = await runGit(o.repoDir, [...o.configArgs, 'commit-tree', tree.trim(), '-p', tip, '-F', '-'], {
    input: message,
    env: { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_AUTHOR_DATE: date },
  });
  return { ok: true, commit: ct.stdout.trim(), fastForward: false };
}

/**
 * Puts a step's commit onto the run branch without touching any checkout: fast-forward when the run branch has
 * not moved since the step started, otherwise a 3-way apply (merge-tree + commit-tree, same message and author),
 * then a compare-and-swap update-ref, retried when the tip moved. Serialized per repository within the process.
 */
export function integrateStep(o: IntegrateOptions): Promise<IntegrateResult> {
  const ref = runBranchRef(o.runId);
  return mutexFor(`integrate:${o.commonDir}`).run(async () => {
    await assertRunBranchNotCheckedOut(o.repoDir, ref);
    const parent = o.stepBase ?? (await revParse(o.repoDir, `${o.stepCommit}^`));
    if (parent === null)
      throw new UsageError(`step commit ${o.stepCommit} has no parent; it cannot be applied to ${ref}`);
    for (let i = 0; i < MAX_CAS_ATTEMPTS; i++) {
      const tip = await revParse(o.repoDir, ref);
      if (tip === null) throw new UsageError(`run branch ${ref} does not exist (deleted?)`);
      const applied: IntegrateResult =
        tip === parent
          ? { ok: true, commit: o.stepCommit, fastForward: true }
          : await applyOnTip(o, tip, parent);
      if (!applied.ok) return applied;
      const args = [
        'update-ref',
        '-m',
        `uet: integrate ${o.stepCommit.slice(0, 12)}`,
        ref,
        applied.commit,
        tip,
      ];
      const up = await runGit(o.repoDir, args, { okCodes: [0, 1, 128] });
      if (up.code === 0) return applied;
      if ((await revParse(o.repoDir, ref)) === tip) throw new GitError(args, up.code, up.stderr);
    }
    throw new GitError(
      ['update-ref', ref],
      null,
      `the run branch kept moving: gave up after ${MAX_CAS_ATTEMPTS} compare-and-swap attempts`,
    );
  });
}
