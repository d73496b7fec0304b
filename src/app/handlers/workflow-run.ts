import type { Context } from 'probot';
import { parseRunName } from '../../adapters/github/ledger-layout.js';
import { DEFAULT_APP_CONFIG } from '../config/app-config.js';
import { readAppConfig } from '../config/read-app-config.js';
import { advanceRun } from '../run/advance-run.js';
import { repoScope, type AppServices } from '../scope/repo-scope.js';

/** The workflow file of a workflow run's path, `.github/workflows/<file>`. */
const workflowFile = (path: string) => path.split('/').pop() ?? path;

/**
 * `workflow_run.completed` of UET's workflow (recognised by its run-name `uet:<run_id>:<node>:<attempt>`): a node
 * attempt ended. The runner's integrate job has appended its outcome to the ledger; advance the run (record the
 * attempt as failed if the runner died without recording it, dispatch what is ready next, report). The webhook is
 * only a hint: the state comes from the ledger, so a forged or repeated delivery changes nothing.
 */
export function handleWorkflowRun(services: AppServices) {
  return async (context: Context<'workflow_run.completed'>): Promise<void> => {
    const wr = context.payload.workflow_run;
    const name = parseRunName(wr.display_title);
    if (!name || wr.event !== 'workflow_dispatch') return;
    const scope = repoScope(context.octokit, context.payload.repository, context.log, services);
    await advanceRun(scope, name.runId, {
      workflow: workflowFile(wr.path),
      finished: [
        { nodeId: name.nodeId, attempt: name.attempt, conclusion: wr.conclusion, htmlUrl: wr.html_url },
      ],
    });
  };
}

/**
 * `workflow_job.completed` of a job whose name carries the run-name correlation (`integrate uet:<run_id>:<node>:<n>`):
 * advances the run as soon as the integrate job ends, a little before its workflow run completes. Subscribe the app
 * to workflow_job or to workflow_run, not both, or each attempt costs two more reads (docs/github-app.md).
 */
export function handleWorkflowJob(services: AppServices) {
  return async (context: Context<'workflow_job.completed'>): Promise<void> => {
    const job = context.payload.workflow_job;
    const name = parseRunName(job.name);
    if (!name || !/^integrate\b/.test(job.name)) return;
    const scope = repoScope(context.octokit, context.payload.repository, context.log, services);
    // A job does not say its workflow file: the configuration does (one more read than workflow_run).
    const config = await readAppConfig(scope.gh, scope.repo, scope.defaultBranch);
    await advanceRun(scope, name.runId, {
      workflow: config.ok ? config.value.workflow : DEFAULT_APP_CONFIG.workflow,
      finished: [
        {
          nodeId: name.nodeId,
          attempt: name.attempt,
          conclusion: job.conclusion,
          htmlUrl: job.html_url ?? job.run_url,
        },
      ],
    });
  };
}
