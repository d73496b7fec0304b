import { applyOnTip } from '../adapters/git/integrate-step.js';
import { gitCommonDir, gitVersion } from '../adapters/git/repo-queries.js';
import { runBranchName, stepBranchName } from '../adapters/git/run-branches.js';
import { buildStepMessage } from '../adapters/git/step-trailers.js';
import { applyWithGit } from '../adapters/patch/apply-with-git.js';
import { readWrittenChanges } from '../adapters/patch/read-written-changes.js';
import type { PatchArtifact, PatchViolation } from '../core/contracts/index.js';
import type { WrittenChange } from '../core/patch/index.js';
import { fetchRef, pushRef, UET_IDENTITY, type GitRemote } from './git-remote.js';
import { RACE_TRIES, waitAfterLostRace } from './race-backoff.js';

export type Integration =
  | { readonly ok: true; readonly commit: string; readonly how: string; readonly tries: number }
  | { readonly ok: false; readonly conflicts: string[]; readonly message: string };

/** The artifact made into a commit on its base that no ref names yet, and what git wrote for it. */
export type MaterializedPatch =
  | { readonly ok: true; readonly commit: string; readonly base: string; readonly written: readonly WrittenChange[] }
  | { readonly ok: false; readonly message: string; readonly violation?: PatchViolation };

export interface PatchMaterialization {
  readonly remote: GitRemote;
  readonly artifact: PatchArtifact;
  readonly runId: string;
  readonly stepId: string;
  readonly attempt: number;
  readonly subject: string;
  /**
   * The run's ref (runRef of its recorded options), fetched first: the base must be on it. A fork run's ref is outside
   * refs/heads, so the checkout did not fetch it (ADR 0017).
   */
  readonly runRef?: string;
}

/** `-c` arguments with UET's identity, for the commits git makes without a checkout (commit-tree). */
const IDENTITY_ARGS = ['-c', `user.name=${UET_IDENTITY.GIT_COMMITTER_NAME}`, '-c', `user.email=${UET_IDENTITY.GIT_COMMITTER_EMAIL}`, '-c', 'commit.gpgsign=false'];

/**
 * Makes the artifact's commit on its base without touching the checkout (with `runRef`, only on a base the run's ref
 * holds, fetched first): the diff applied by `git apply --cached` to
 * a temporary index read from the base, then write-tree and commit-tree (UET trailers, UET's identity). Then reads
 * back what git wrote (paths, modes, symlink targets, sizes), for the policy to judge before anything is pushed.
 */
export async function materializePatch(m: PatchMaterialization): Promise<MaterializedPatch> {
  const root = m.remote.cwd;
  const base = m.artifact.base_commit;
  if (m.runRef !== undefined) {
    // The artifact names its base; it must be a commit of the run (its tip or an ancestor), or nothing is applied.
    const tip = await fetchRef(m.remote, m.runRef);
    if (tip === null) return { ok: false, message: `the run's ref ${m.runRef} is gone` };
    const onRun = /^[0-9a-f]{40,64}$/.test(base) && (await m.remote.git(['merge-base', '--is-ancestor', base, tip], { okCodes: [0, 1, 128] })).code === 0;
    if (!onRun) {
      const message = `the patch's base ${base.slice(0, 40)} is not a commit of the run (${m.runRef})`;
      return { ok: false, message, violation: { rule: 'base_not_on_run', message } };
    }
  }
  const made = await applyWithGit({
    root,
    commonDir: await gitCommonDir(root),
    base,
    diffText: m.artifact.diff_text,
    message: buildStepMessage(m.subject, { runId: m.runId, stepId: m.stepId, attempt: m.attempt, patchId: m.artifact.patch_id }),
    configArgs: IDENTITY_ARGS,
  });
  if (!made.ok) return { ok: false, message: `the patch does not apply on its base ${base}: ${made.message}` };
  return { ok: true, commit: made.commit, base, written: await readWrittenChanges(root, base, made.commit) };
}

export interface PatchIntegration {
  readonly remote: GitRemote;
  readonly patchId: string;
  /** The judged commit (materializePatch) and the paths it writes. */
  readonly made: Extract<MaterializedPatch, { ok: true }>;
  readonly runId: string;
  readonly stepId: string;
  /** The run's refs from its recorded options (runRef, stepRef): a fork run's are not branches (ADR 0017). */
  readonly refs?: { readonly run: string; readonly step: string };
  readonly maxTries?: number;
}

/**
 * Pushes the judged commit as the step branch, then integrates it into `uet/run/<run_id>` with a non-force push: a
 * fast-forward when the run branch is still at the base, else a 3-way apply onto its tip (merge-tree and
 * commit-tree, no checkout) that may write no path the policy did not judge. A push that loses a race is retried on
 * the new tip; a conflict is reported, not forced. A patch already on the run branch (a job that died before its
 * ledger append) is found again by its UET-Patch trailer.
 */
export async function integratePatch(i: PatchIntegration): Promise<Integration> {
  const { remote, made } = i;
  const runRef = i.refs?.run ?? `refs/heads/${runBranchName(i.runId)}`;
  const current = await fetchRef(remote, runRef);
  if (current !== null) {
    const found = await remote.git(['log', '--format=%H', '--fixed-strings', `--grep=UET-Patch: ${i.patchId}`, current]);
    const commit = found.stdout.split('\n')[0]?.trim();
    if (commit) return { ok: true, commit, how: 'already on the run branch', tries: 0 };
  }
  await pushRef(remote, made.commit, i.refs?.step ?? `refs/heads/${stepBranchName(i.runId, i.stepId)}`, true);
  const [major, minor] = await gitVersion(remote.cwd);
  const writtenPaths = new Set(made.written.map((c) => c.path));
  const maxTries = i.maxTries ?? RACE_TRIES;
  for (let tries = 1; tries <= maxTries; tries++) {
    if (tries > 1) await waitAfterLostRace(tries - 1);
    const tip = await fetchRef(remote, runRef);
    let candidate = made.commit;
    let how = 'fast-forward of the run branch';
    if (tip !== null && tip !== made.base) {
      const applied = await applyOnTip(
        { repoDir: remote.cwd, runId: i.runId, stepCommit: made.commit, stepBase: made.base, configArgs: IDENTITY_ARGS, mergeBaseOption: major > 2 || (major === 2 && minor >= 40), writtenPaths },
        tip,
        made.base,
      );
      if (!applied.ok) return { ok: false, conflicts: [...applied.conflicts], message: applied.message ?? `conflicts with the run branch in: ${applied.conflicts.join(', ')}` };
      candidate = applied.commit;
      how = '3-way apply onto the run branch (merge-tree)';
    }
    if (await pushRef(remote, candidate, runRef)) return { ok: true, commit: candidate, how, tries };
  }
  return { ok: false, conflicts: [], message: `the run branch kept moving: lost the race ${maxTries} times` };
}
