import type { Context } from 'probot';
import { listRuns } from '../../adapters/github/run-index.js';
import { DEFAULT_APP_CONFIG } from '../config/app-config.js';
import { readAppConfig } from '../config/read-app-config.js';
import { cancelRecords, headMovedRecords, stopRun } from '../run/cancel-run.js';
import { repoScope, type AppServices } from '../scope/repo-scope.js';

/**
 * `pull_request.closed` cancels the pull request's active runs; `pull_request.synchronize` pauses them, because trust
 * was pinned to the head commit of the command and the head moved (a new `/uet run` is needed). One read when the
 * pull request has no active run.
 */
export function handlePullRequest(services: AppServices) {
  return async (
    context: Context<'pull_request.closed'> | Context<'pull_request.synchronize'>,
  ): Promise<void> => {
    const { pull_request: pr, repository } = context.payload;
    const scope = repoScope(context.octokit, repository, context.log, services);
    const active = await listRuns(scope.gh, scope.repo, 'active', { kind: 'pr', number: pr.number });
    if (!active.length) return;
    const config = await readAppConfig(scope.gh, scope.repo, scope.defaultBranch);
    const workflow = config.ok ? config.value.workflow : DEFAULT_APP_CONFIG.workflow;
    const stop =
      context.payload.action === 'closed'
        ? cancelRecords(context.payload.sender.login, 'the pull request was closed')
        : headMovedRecords(pr.head.sha);
    for (const run of active) await stopRun(scope, run.runId, workflow, stop);
  };
}
