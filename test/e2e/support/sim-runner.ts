import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { workflowJobCompleted, workflowRunCompleted } from '../../fixtures/github/webhook-payloads.js';
import { buildRepoFacts, type WorkflowRun } from '../../support/github-routes/index.js';
import { runJobSteps } from './job-steps.js';
import { installPushRules } from './push-rules.js';
import { readWorkflowJobs, walkWorkflowJobs, type WorkflowJob } from '../../support/conformance/workflow-jobs.js';
import { evaluateValue, SUCCEEDED } from '../../support/conformance/workflow-expressions.js';
import { REPO_ROOT } from './repo-root.js';
import { SimArtifacts } from './sim-artifacts.js';
import type { SimGitHub } from './sim-github.js';
import { assertVariables } from './sim-variables.js';

export const DIST = join(REPO_ROOT, 'dist/action/index.js');

export interface JobResult {
  /** The job id in the workflow file. */
  readonly job: string;
  /** Its name as GitHub shows it and sends it in workflow_job. */
  readonly name: string;
  readonly result: 'success' | 'failure' | 'skipped';
  readonly code: number;
  readonly outputs: Record<string, string>;
  readonly log: string;
  /** The secrets the runner handed this job (those it references), by name. */
  readonly secrets: readonly string[];
  /** How long the job ran, in ms (0 when skipped): a stalled or slow scenario shows where its time went. */
  readonly ms: number;
  /** The job's `runs-on` and `timeout-minutes`, evaluated as GitHub evaluates them (absent when skipped). */
  readonly runsOn?: unknown;
  readonly timeoutMinutes?: unknown;
  /** The registered runner that took the job (its labels, and its group). */
  readonly machine?: SimMachine;
}

/** A self-hosted or hosted runner registered with the repository: the job's labels must all be among its labels. */
export interface SimMachine {
  readonly labels: readonly string[];
  readonly group?: string;
}

/**
 * The runner that takes a job, as GitHub assigns one: `runs-on` is one label, labels (a runner must have every one,
 * case-insensitively), or `{ group, labels }` (a runner of that group with those labels). Undefined: GitHub would
 * leave the job queued (the simulation fails it with that reason instead).
 */
export function pickMachine(runsOn: unknown, machines: readonly SimMachine[]): SimMachine | undefined {
  const spec = runsOn !== null && typeof runsOn === 'object' && !Array.isArray(runsOn) ? (runsOn as { group?: string; labels?: unknown }) : { labels: runsOn };
  const wanted = (Array.isArray(spec.labels) ? spec.labels : spec.labels === undefined ? [] : [spec.labels]).map((l) => String(l).toLowerCase());
  return machines.find(
    (m) =>
      (spec.group === undefined || m.group?.toLowerCase() === spec.group.replace(/^(?:org|organization|ent|enterprise)\//, '').toLowerCase()) &&
      wanted.every((l) => m.labels.some((x) => x.toLowerCase() === l)),
  );
}

/** GitHub's hosted runner for `ubuntu-latest`. */
export const HOSTED_MACHINE: SimMachine = { labels: ['ubuntu-latest'] };

export interface RunnerJob {
  readonly run: WorkflowRun;
  readonly jobs: JobResult[];
}

export interface SimRunner {
  readonly done: RunnerJob[];
  /** Jobs queued or running. */
  busy(): number;
  /** Stops taking new dispatches (queued ones stay queued). */
  pause(): void;
  resume(): void;
}

export interface RunnerOptions {
  readonly concurrency?: number;
  /** Deliver a webhook to the app (signed by the caller). */
  readonly deliver: (name: string, payload: unknown) => Promise<unknown>;
  /** Also send workflow_job.completed for each job, named as GitHub names it (the job's `name:`). */
  readonly workflowJobEvents?: boolean;
  /** The repository's Actions secrets; a job gets only those it references. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** The repository's Actions variables (the `vars` context), checked against GitHub's naming rules. */
  readonly vars?: Readonly<Record<string, string>>;
  /** Where the runner records the tool installs its npm and pipx see (install-stand-in.mjs). */
  readonly toolInstalls?: string;
  /**
   * A directory holding the real `claude` and `codex` (scripts/install-real-clis.sh): the runner's npm installs them
   * instead of the fakes (install-stand-in.mjs).
   */
  readonly realTools?: string;
  /** The runners registered with the repository (default: GitHub's hosted ubuntu-latest only). */
  readonly machines?: readonly SimMachine[];
}

/**
 * A simulated GitHub Actions runner. For each workflow dispatch the simulated GitHub records, it reads the jobs of
 * the dispatched workflow file at the dispatched commit and runs them as GitHub would: in the order of their
 * `needs`, each job's `if:` evaluated with GitHub's expression engine (and its status functions: a job without a
 * status function gets `success()`, false when any job it needs, directly or not, did not succeed), every job on a
 * fresh machine (an empty workspace and temp directory) with a GITHUB_TOKEN granted exactly the job's
 * `permissions:`, only the secrets the job references, held by the job's runner process (runner-worker.mjs)
 * as the real Runner.Worker holds them, and the repository's variables as `vars` (sim-variables.ts). Steps run in order (job-steps.ts): `run:` in real bash, the UET action as
 * `node dist/action/index.js`, checkout over git smart HTTP with the job token, artifacts through upload and
 * download with actions/upload-artifact's rules (sim-artifacts.ts). Then it completes the workflow run and sends
 * the webhooks.
 */
export function createSimRunner(sim: SimGitHub, o: RunnerOptions): SimRunner {
  const queue: WorkflowRun[] = [];
  const done: RunnerJob[] = [];
  let running = 0;
  let paused = false;
  const vars = assertVariables(o.vars ?? {});
  installPushRules(sim.git.dir);

  const execute = async (run: WorkflowRun): Promise<RunnerJob> => {
    const root = mkdtempSync(join(dirname(sim.git.dir), `runner-${run.id}-`));
    const text = await sim.git.readFile(run.head_sha, run.path);
    if (text === undefined) throw new Error(`${run.path} is not at ${run.head_sha}`);
    const jobs = readWorkflowJobs(text);
    const artifacts = new SimArtifacts(join(root, 'artifacts'));
    const contexts = { inputs: run.inputs, github: { event_name: 'workflow_dispatch', ref: `refs/heads/${run.head_branch}`, sha: run.head_sha, repository: sim.state.fullName, run_id: String(run.id) }, vars };
    const skip = (job: WorkflowJob): JobResult => ({ job: job.id, name: job.name, result: 'skipped', code: 0, outputs: {}, log: '', secrets: [], ms: 0 });
    const results = await walkWorkflowJobs(jobs, contexts, async (job, jobContexts): Promise<JobResult> => {
      const started = Date.now();
      const runsOn = evaluateValue(job.runsOn, jobContexts, SUCCEEDED);
      const timeoutMinutes = evaluateValue(job.timeoutMinutes, jobContexts, SUCCEEDED);
      const machine = pickMachine(runsOn, o.machines ?? [HOSTED_MACHINE]);
      const placed = { runsOn, ...(timeoutMinutes !== undefined ? { timeoutMinutes } : {}) };
      if (!machine)
        return { job: job.id, name: job.name, result: 'failure', code: 1, outputs: {}, log: `no registered runner matches runs-on ${JSON.stringify(runsOn)}: GitHub would keep the job queued`, secrets: [], ms: 0, ...placed };
      const token = `ghs_runner${sim.state.id()}${randomBytes(8).toString('hex')}`;
      sim.state.tokens.set(token, 'runner');
      sim.state.tokenPermissions.set(token, job.permissions);
      const dir = join(root, job.id);
      mkdirSync(join(dir, 'work'), { recursive: true });
      mkdirSync(join(dir, 'temp/home'), { recursive: true });
      const secrets = Object.fromEntries(job.secrets.map((s) => [s, o.secrets?.[s] ?? '']));
      const r = await runJobSteps({ sim, run, job, contexts: { ...jobContexts, secrets }, token, workspace: join(dir, 'work'), temp: join(dir, 'temp'), artifacts, ...(o.toolInstalls ? { toolInstalls: o.toolInstalls } : {}), ...(o.realTools ? { realTools: o.realTools } : {}) });
      sim.state.tokens.delete(token); // GITHUB_TOKEN expires when the job ends
      return { job: job.id, name: job.name, result: r.ok ? 'success' : 'failure', code: r.ok ? 0 : 1, outputs: r.outputs, log: r.log, secrets: job.secrets, ms: Date.now() - started, ...placed, machine };
    }, skip);
    return { run, jobs: [...results.values()] };
  };

  const pump = () => {
    while (!paused && running < (o.concurrency ?? 3) && queue.length) {
      const run = queue.shift()!;
      running += 1;
      run.status = 'in_progress';
      void execute(run)
        .then(async (result) => {
          const failed = result.jobs.some((j) => j.result === 'failure');
          run.status = 'completed';
          run.conclusion = failed ? 'failure' : 'success';
          done.push(result);
          const repo = buildRepoFacts(sim.state);
          if (o.workflowJobEvents)
            for (const j of result.jobs)
              await o.deliver('workflow_job', workflowJobCompleted(repo, { name: j.name, conclusion: j.result, runId: run.id }));
          await o.deliver('workflow_run', workflowRunCompleted(repo, { id: run.id, runName: run.display_title, conclusion: run.conclusion, workflow: run.path.split('/').pop()! }));
        })
        .catch((error: unknown) => sim.violations.push(`simulated runner failed on ${run.display_title}: ${(error as Error).stack}`))
        .finally(() => {
          running -= 1;
          pump();
        });
    }
  };
  sim.onDispatch = (run) => {
    queue.push(run);
    pump();
  };
  return {
    done,
    busy: () => running + queue.length,
    pause: () => (paused = true),
    resume: () => {
      paused = false;
      pump();
    },
  };
}
