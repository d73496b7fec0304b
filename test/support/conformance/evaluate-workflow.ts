import { conditionHolds, interpolate, SUCCEEDED, type Contexts } from './workflow-expressions.js';
import { readWorkflowJobs, walkWorkflowJobs, type JobOutcome } from './workflow-jobs.js';

/** An artifact a job uploads or downloads, with its name as the runner evaluates it. */
export interface ArtifactUse {
  readonly job: string;
  readonly kind: 'upload' | 'download';
  readonly name: string;
}

/** What the UET action step of a job outputs, given its evaluated `with:` (the action's own code computes it). */
export type ActionOutputs = (job: string, withInputs: Record<string, string>) => Record<string, string>;

/**
 * Runs the artifact names of one workflow_dispatch of a workflow through GitHub's expression engine: the jobs in
 * `needs` order with their `if:` (walkWorkflowJobs, as the simulated runner runs them), each step's `if:`, the UET
 * action's outputs (`action`), the job outputs, and every actions/upload-artifact and actions/download-artifact
 * name. Every job that runs succeeds. Returns the artifact names in the order the jobs use them.
 */
export async function resolveArtifactNames(
  workflowText: string,
  inputs: Record<string, string>,
  action: ActionOutputs,
): Promise<ArtifactUse[]> {
  const uses: ArtifactUse[] = [];
  const base = { inputs, github: { event_name: 'workflow_dispatch' }, vars: {} };
  await walkWorkflowJobs(
    readWorkflowJobs(workflowText),
    base,
    (job, jobContexts): JobOutcome => {
      const steps: Record<string, { outputs: Record<string, string> }> = {};
      const at = (): Contexts => ({
        ...jobContexts,
        runner: { temp: '/home/runner/work/_temp', os: 'Linux' },
        github: { ...jobContexts.github, token: '***' },
        secrets: {},
        steps,
      });
      for (const step of job.steps) {
        if (!conditionHolds(step.if, at(), SUCCEEDED)) continue;
        const withInputs = Object.fromEntries(
          Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(v, at(), SUCCEEDED)]),
        );
        const uses_ = step.uses ?? '';
        if (/^actions\/upload-artifact@/.test(uses_))
          uses.push({ job: job.id, kind: 'upload', name: withInputs.name ?? '' });
        if (/^actions\/download-artifact@/.test(uses_))
          uses.push({ job: job.id, kind: 'download', name: withInputs.name ?? '' });
        if (/\/uet@/.test(uses_) && step.id) steps[step.id] = { outputs: action(job.id, withInputs) };
      }
      const outputs = Object.fromEntries(
        Object.entries(job.outputs).map(([k, v]) => [k, interpolate(v, at(), SUCCEEDED)]),
      );
      return { result: 'success', outputs };
    },
    () => ({ result: 'skipped', outputs: {} }),
  );
  return uses;
}
