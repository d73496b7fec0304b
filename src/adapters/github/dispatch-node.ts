import { createOnce } from './create-once.js';
import { NO_RETRY, statusOf, type GitHubClient, type RepoRef } from './github-client.js';
import { findWorkflowRuns } from './find-workflow-runs.js';
import type { RunnerInput, ToolJob } from '../../core/run/index.js';

/** One node attempt to run on Actions: the inputs of the UET workflow (see docs/github-app.md). */
export interface NodeDispatch {
  readonly workflow: string;
  /** The default branch: the workflow definition always comes from it, never from a PR head. */
  readonly ref: string;
  readonly runId: string;
  readonly nodeId: string;
  readonly attempt: number;
  /** Where the runner finds its payload: the start claim ref, which points at the ledger commit of the decision. */
  readonly payloadRef: string;
  /** The tool job the node's route in the ledger names (`none` for a gate or a step without an AI tool; ADR 0016). */
  readonly tool: ToolJob;
  /** Where the node's jobs run and for how long (runnerInputOf; ADR 0026), sent as the `runner` input (JSON). */
  readonly runner: RunnerInput;
}

export interface DispatchResult {
  readonly workflowRunId?: number;
  readonly htmlUrl?: string;
}

/**
 * Dispatches the UET workflow for one node attempt with `workflow_dispatch` on the default branch. The inputs are
 * ids only (run_id, step_id, attempt, payload_ref) and the tool job from the choice list; no user text reaches the
 * runner this way. Asks for the run's
 * details to correlate, and falls back to the plain dispatch (204) where `return_run_details` is unknown (older
 * GitHub Enterprise Server). A dispatch whose answer was lost is looked up by its run-name before it is repeated.
 */
export async function dispatchNode(
  gh: GitHubClient,
  repo: RepoRef,
  d: NodeDispatch,
): Promise<DispatchResult> {
  const inputs = {
    run_id: d.runId,
    step_id: d.nodeId,
    attempt: String(d.attempt),
    payload_ref: d.payloadRef,
    tool: d.tool,
    runner: JSON.stringify(d.runner),
  };
  const send = async (details: boolean): Promise<DispatchResult> => {
    const res = await gh.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {
      ...repo,
      workflow_id: d.workflow,
      ref: d.ref,
      inputs,
      ...(details ? { return_run_details: true } : {}),
      ...NO_RETRY,
    });
    const data = res.data as { workflow_run_id?: number; html_url?: string } | undefined;
    return {
      ...(typeof data?.workflow_run_id === 'number' ? { workflowRunId: data.workflow_run_id } : {}),
      ...(typeof data?.html_url === 'string' ? { htmlUrl: data.html_url } : {}),
    };
  };
  const lookup = async (): Promise<DispatchResult | undefined> => {
    const seen = (await findWorkflowRuns(gh, repo, d.workflow, d.runId)).find(
      (r) => r.nodeId === d.nodeId && r.attempt === d.attempt,
    );
    return seen ? { workflowRunId: seen.id, htmlUrl: seen.htmlUrl } : undefined;
  };
  let details = true;
  return createOnce(async () => {
    try {
      return await send(details);
    } catch (error) {
      if (
        !details ||
        statusOf(error) !== 422 ||
        !/return_run_details/i.test(String((error as Error).message))
      )
        throw error;
      details = false;
      return send(false);
    }
  }, lookup);
}
