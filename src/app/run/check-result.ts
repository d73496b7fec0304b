import type { RunState } from '../../core/run/index.js';
import { runRef } from '../../core/run/index.js';
import type { AppConfig } from '../config/app-config.js';
import type { PolicyFinding } from '../policy/check-result-policy.js';
import type { RepoScope } from '../scope/repo-scope.js';

export interface CheckedResult {
  /** The result commit of a fork run: the head of refs/uet/fork-runs/<run_id>, the commit a writer approves. */
  readonly head?: string;
  readonly changed: boolean;
  readonly findings: PolicyFinding[];
}

/**
 * A run's whole result against the patch policy, before it is proposed: the run ref's head compared with the
 * pinned commit (one read; two for a fork run). Undefined when the run has no pinned commit or its run ref is gone.
 */
export async function checkResult(
  scope: RepoScope,
  state: RunState,
  config: AppConfig,
): Promise<CheckedResult | undefined> {
  if (!state.origin.sha) return undefined;
  const ref = runRef(state.runId, state.options);
  let head: string | undefined;
  if (!ref.startsWith('refs/heads/')) {
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
  const { data } = await scope.gh.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
    ...scope.repo,
    basehead: `${state.origin.sha}...${head ?? ref.slice('refs/heads/'.length)}`,
    per_page: 100,
  });
  const files = (data.files ?? []).map((x) => ({
    filename: x.filename,
    status: x.status,
    additions: x.additions,
    deletions: x.deletions,
    ...(x.previous_filename ? { previous_filename: x.previous_filename } : {}),
  }));
  return {
    ...(head !== undefined ? { head } : {}),
    changed: data.ahead_by > 0,
    findings: scope.checkPolicy(files, config.policy),
  };
}
