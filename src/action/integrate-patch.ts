import { writeFile } from 'node:fs/promises';
import { RACE_TRIES, waitAfterLostRace } from './race-backoff.js';
import { runBranchName, stepBranchName } from '../adapters/git/run-branches.js';
import { buildStepMessage } from '../adapters/git/step-trailers.js';
import type { PatchArtifact } from '../core/contracts/index.js';
import { fetchRef, pushRef, type GitRemote } from './git-remote.js';

export type Integration =
  | { readonly ok: true; readonly commit: string; readonly how: string; readonly tries: number }
  | { readonly ok: false; readonly conflicts: string[]; readonly message: string };

export interface PatchIntegration {
  readonly remote: GitRemote;
  readonly artifact: PatchArtifact;
  readonly runId: string;
  readonly stepId: string;
  readonly attempt: number;
  readonly subject: string;
  /** A scratch file for the diff. */
  readonly diffFile: string;
  readonly maxTries?: number;
}

async function conflictedPaths(remote: GitRemote): Promise<string[]> {
  const r = await remote.git(['diff', '--name-only', '--diff-filter=U'], { okCodes: [0, 1] });
  return r.stdout.split('\n').filter((l) => l !== '');
}

/**
 * Commits the artifact's diff on its base with the UET trailers, pushes it as the step branch, then integrates it
 * into `uet/run/<run_id>` with a non-force push: a fast-forward when the run branch is still at the base, else a
 * cherry-pick onto its tip. A push that loses a race is retried on the new tip; a conflict is reported, not forced.
 */
export async function integratePatch(i: PatchIntegration): Promise<Integration> {
  const { remote, artifact } = i;
  const runRef = `refs/heads/${runBranchName(i.runId)}`;
  const current = await fetchRef(remote, runRef);
  if (current !== null) {
    // A job that integrated the patch and died before its ledger append: the commit is there, find it again.
    const found = await remote.git(['log', '--format=%H', '--fixed-strings', `--grep=UET-Patch: ${artifact.patch_id}`, current]);
    const commit = found.stdout.split('\n')[0]?.trim();
    if (commit) return { ok: true, commit, how: 'already on the run branch', tries: 0 };
  }
  await remote.git(['checkout', '--quiet', '--force', '--detach', artifact.base_commit]);
  await writeFile(i.diffFile, artifact.diff_text);
  const applied = await remote.git(['apply', '--index', '--binary', '--whitespace=nowarn', i.diffFile], { okCodes: [0, 1] });
  if (applied.code !== 0) return { ok: false, conflicts: [], message: `the patch does not apply on its base ${artifact.base_commit}: ${applied.stderr.trim()}` };
  const message = buildStepMessage(i.subject, { runId: i.runId, stepId: i.stepId, attempt: i.attempt, patchId: artifact.patch_id });
  await remote.git(['commit', '--quiet', '--no-verify', '--allow-empty', '-F', '-'], { input: message });
  const stepCommit = (await remote.git(['rev-parse', 'HEAD'])).stdout.trim();
  await pushRef(remote, stepCommit, `refs/heads/${stepBranchName(i.runId, i.stepId)}`, true);
  const maxTries = i.maxTries ?? RACE_TRIES;
  for (let tries = 1; tries <= maxTries; tries++) {
    if (tries > 1) await waitAfterLostRace(tries - 1);
    const tip = await fetchRef(remote, runRef);
    let candidate = stepCommit;
    let how = 'fast-forward of the run branch';
    if (tip !== null && tip !== artifact.base_commit) {
      await remote.git(['checkout', '--quiet', '--force', '--detach', tip]);
      const picked = await remote.git(['cherry-pick', '--allow-empty', stepCommit], { okCodes: [0, 1] });
      if (picked.code !== 0) {
        const conflicts = await conflictedPaths(remote);
        await remote.git(['cherry-pick', '--abort'], { okCodes: [0, 1, 128] });
        return { ok: false, conflicts, message: `conflicts with the run branch in: ${conflicts.join(', ') || picked.stderr.trim()}` };
      }
      candidate = (await remote.git(['rev-parse', 'HEAD'])).stdout.trim();
      how = 'cherry-pick onto the run branch';
    }
    if (await pushRef(remote, candidate, runRef)) return { ok: true, commit: candidate, how, tries };
  }
  return { ok: false, conflicts: [], message: `the run branch kept moving: lost the race ${maxTries} times` };
}
