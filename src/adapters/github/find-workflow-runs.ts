import type { GitHubClient, RepoRef } from './github-client.js';
import { parseRunName } from './ledger-layout.js';

export interface NodeWorkflowRun {
  readonly id: number;
  readonly nodeId: string;
  readonly attempt: number;
  readonly status: string | null;
  readonly conclusion: string | null;
  readonly htmlUrl: string;
}

/**
 * The workflow runs of one UET run, found by their run-name `uet:<run_id>:<node>:<attempt>` among the latest
 * dispatches of the workflow (one read of up to 100 runs): the dispatch correlation the reconciler and a retried
 * dispatch use to look a dispatch up before making it again.
 */
export async function findWorkflowRuns(
  gh: GitHubClient,
  repo: RepoRef,
  workflow: string,
  runId: string,
): Promise<NodeWorkflowRun[]> {
  const { data } = await gh.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
    ...repo,
    workflow_id: workflow,
    event: 'workflow_dispatch',
    per_page: 100,
  });
  const found: NodeWorkflowRun[] = [];
  for (const run of data.workflow_runs) {
    const name = parseRunName(run.display_title);
    if (name?.runId !== runId) continue;
    found.push({
      id: Number(run.id),
      nodeId: name.nodeId,
      attempt: name.attempt,
      status: run.status,
      conclusion: run.conclusion,
      htmlUrl: run.html_url,
    });
  }
  return found;
}
