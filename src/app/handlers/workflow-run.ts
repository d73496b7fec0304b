import type { Context } from 'probot';
import { parseRunName } from '../../adapters/github/ledger-layout.js';
import { advanceRun } from '../run/advance-run.js';
import { repoScope, type AppServices } from '../scope/repo-scope.js';

const WORKFLOWS_DIR = '.github/workflows/';

/**
 * The UET workflow file of a completed workflow run, when the run can be a UET step at all: a `workflow_dispatch`
 * run, on the default branch, of a file directly in `.github/workflows/`, whose run-name is a UET attempt
 * (`uet:<run_id>:<node>:<attempt>`). Anything else (a push or pull request run, another branch, a name that only
 * looks like UET's) is none of UET's business. Pure.
 */
export function uetCompletion(
  wr: { event: string; head_branch: string | null; path: string; display_title?: string },
  defaultBranch: string,
) {
  const name = parseRunName(wr.display_title);
  if (!name || `uet:${name.runId}:${name.nodeId}:${name.attempt}` !== wr.display_title) return undefined;
  if (wr.event !== 'workflow_dispatch' || wr.head_branch !== defaultBranch) return undefined;
  if (!wr.path.startsWith(WORKFLOWS_DIR) || wr.path.slice(WORKFLOWS_DIR.length).includes('/')) return undefined;
  return { ...name, workflow: wr.path.slice(WORKFLOWS_DIR.length) };
}

/**
 * `workflow_run.completed` of UET's workflow: a node attempt ended. The runner's integrate job has appended its
 * outcome to the ledger; advance the run (record the attempt as failed if the runner died without recording it,
 * dispatch what is ready next, report). The webhook is only a hint: the state comes from the ledger, and the
 * completion counts only when its workflow file is the one the run records (`options.workflow`), so a workflow or
 * job of another file named like UET's can neither advance nor fail a run. `workflow_job` is not used (ADR 0017).
 */
export function handleWorkflowRun(services: AppServices) {
  return async (context: Context<'workflow_run.completed'>): Promise<void> => {
    const wr = context.payload.workflow_run;
    const { repository } = context.payload;
    const done = uetCompletion(wr, repository.default_branch);
    if (!done) return;
    const scope = repoScope(context.octokit, repository, context.log, services);
    await advanceRun(scope, done.runId, {
      workflow: done.workflow,
      completedBy: done.workflow,
      finished: [
        { nodeId: done.nodeId, attempt: done.attempt, conclusion: wr.conclusion, htmlUrl: wr.html_url },
      ],
    });
  };
}
