import type { RunState } from '../../core/run/index.js';
import { runRef } from '../../core/run/index.js';
import type { AppConfig } from '../config/app-config.js';
import type { PolicyFinding } from '../policy/check-result-policy.js';
import type { RepoScope } from '../scope/repo-scope.js';
import { readResultFiles } from '../policy/read-result-files.js';

export interface CheckedResult {
  /** The result commit of a fork run (the commit a writer approves) or of a follow-up run (the commit pushed). */
  readonly head?: string;
  readonly changed: boolean;
  readonly findings: PolicyFinding[];
}

/**
 * A run's whole result against the patch policy, before it is proposed: the run ref's head against the pinned commit,
 * every changed path read from git trees (readResultFiles). Undefined when the run has no pinned commit or its run
 * ref is gone.
 */
export async function checkResult(
  scope: RepoScope,
  state: RunState,
  config: AppConfig,
): Promise<CheckedResult | undefined> {
  if (!state.origin.sha) return undefined;
  const ref = runRef(state.runId, state.options);
  let head: string | undefined;
  // A follow-up's result is pushed by its sha, and a fork run's is approved by it: both need the head itself.
  if (!ref.startsWith('refs/heads/') || state.options.push_branch !== undefined) {
    // The compare API takes branches and commits, not other refs: a fork run's result is read first (one read).
    try {
      head = (
        await scope.gh.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
          ...scope.repo,
          ref: ref.slice('refs/'.length),
        })
      ).data.object.sha;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  }
  // The whole result from git trees (the compare API lists at most 300 files), against the repository owner's
  // policy as recorded when the run started and as it stands now: the narrower of the two wins.
  const tip = head ?? (await readRunHead(scope, ref));
  if (tip === undefined) return undefined;
  const { files, unchecked } = await readResultFiles(scope.gh, scope.repo, state.origin.sha, tip);
  const policies = [config.policy, ...(state.options.repo_policy ? [state.options.repo_policy] : [])];
  const seen = new Set<string>();
  const findings = [...policies.flatMap((p) => scope.checkPolicy(files, p)), ...unchecked].filter((f) => {
    const key = `${f.path}\u0000${f.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return {
    ...(head !== undefined ? { head } : {}),
    changed: files.length > 0,
    findings,
  };
}

/** The commit a run branch is at, or undefined when it is gone. */
async function readRunHead(scope: RepoScope, ref: string): Promise<string | undefined> {
  try {
    return (await scope.gh.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { ...scope.repo, ref: ref.slice('refs/'.length) })).data.object.sha;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}
