import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parseOutputFile } from '../../action/support/action-repo.js';
import { workflowJobCompleted, workflowRunCompleted } from '../../fixtures/github/webhook-payloads.js';
import type { SimGitHub } from './sim-github.js';
import { installPushRules } from './push-rules.js';
import { buildRepoFacts, type WorkflowRun } from '../../support/github-routes/index.js';
import { readActionStep, REPO_ROOT, type ActionStep } from './workflow-job.js';

export const DIST = join(REPO_ROOT, 'dist/action/index.js');
const FAKE_TOOLS = join(REPO_ROOT, 'test/fixtures/fake-tools');

export interface JobResult {
  readonly job: string;
  readonly code: number;
  readonly outputs: Record<string, string>;
  readonly log: string;
}

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
  /** Also send workflow_job.completed for each job (the app subscribes to workflow_run by default). */
  readonly workflowJobEvents?: boolean;
}

function spawnAction(workspace: string, env: Record<string, string>): Promise<{ code: number; log: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DIST], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, log }));
  });
}

/**
 * A simulated Actions runner. For each workflow dispatch the simulated GitHub records, it runs the UET workflow's
 * two jobs as a runner would: `execute` in a fresh clone of the default branch with a read-only token, then (if
 * execute succeeded) `integrate` in another fresh clone with the patch directory moved in as the artifact, each as
 * a real `node dist/action/index.js` process with GITHUB_*, INPUT_* (from the workflow's `with:`), RUNNER_TEMP and
 * the GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. Then it completes the workflow run and sends the webhooks.
 */
export function createSimRunner(sim: SimGitHub, o: RunnerOptions): SimRunner {
  const queue: WorkflowRun[] = [];
  const done: RunnerJob[] = [];
  let running = 0;
  let paused = false;
  installPushRules(sim.git.dir);

  const runJob = async (
    run: WorkflowRun,
    job: string,
    step: (token: string) => ActionStep,
    workspace: string,
    temp: string,
  ): Promise<JobResult> => {
    const token = `ghs_runner${sim.state.id()}`;
    sim.state.tokens.set(token, 'runner');
    const s = step(token);
    sim.state.tokenPermissions.set(token, s.permissions);
    const files = {
      GITHUB_OUTPUT: join(temp, `${job}-output`),
      GITHUB_STEP_SUMMARY: join(temp, `${job}-summary`),
      GITHUB_ENV: join(temp, `${job}-env`),
      GITHUB_STATE: join(temp, `${job}-state`),
      GITHUB_EVENT_PATH: join(temp, 'event.json'),
    };
    for (const f of Object.values(files)) if (!existsSync(f)) writeFileSync(f, '');
    writeFileSync(
      files.GITHUB_EVENT_PATH,
      JSON.stringify({ inputs: run.inputs, ref: `refs/heads/${run.head_branch}` }),
    );
    const env: Record<string, string> = {
      PATH: `${FAKE_TOOLS}:${process.env.PATH ?? ''}`,
      HOME: join(temp, 'home'),
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_JOB: job,
      GITHUB_WORKFLOW: 'uet',
      GITHUB_WORKFLOW_REF: `${sim.state.fullName}/${run.path}@refs/heads/${run.head_branch}`,
      GITHUB_REPOSITORY: sim.state.fullName,
      GITHUB_REPOSITORY_OWNER: sim.state.owner,
      GITHUB_WORKSPACE: workspace,
      GITHUB_RUN_ID: String(run.id),
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_REF: `refs/heads/${run.head_branch}`,
      GITHUB_SHA: run.head_sha,
      GITHUB_ACTOR: `${sim.state.appSlug}[bot]`,
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: sim.api,
      RUNNER_TEMP: temp,
      RUNNER_OS: 'Linux',
      UET_SIM_CONTENTS: s.permissions.contents ?? 'none',
      ...files,
      ...s.env,
      ...Object.fromEntries(Object.entries(s.with).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    };
    const p = await spawnAction(workspace, env);
    return {
      job,
      code: p.code,
      outputs: parseOutputFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
      log: p.log,
    };
  };

  const execute = async (run: WorkflowRun): Promise<RunnerJob> => {
    const root = mkdtempSync(join(dirname(sim.git.dir), `runner-${run.id}-`));
    const workflow = (await sim.git.readFile(run.head_sha, run.path))!;
    const clone = async (name: string) => {
      const dir = join(root, name);
      await sim.git.run(['clone', '--quiet', '--no-tags', '--branch', run.head_branch, sim.git.url, dir], {
        cwd: root,
      });
      return dir;
    };
    const jobs: JobResult[] = [];
    const ctx = (token: string, outputs: Record<string, string> = {}) => ({
      inputs: run.inputs,
      token,
      outputs,
    });
    const execTemp = join(root, 'temp-execute');
    mkdirSync(join(execTemp, 'home'), { recursive: true });
    const exec = await runJob(
      run,
      'execute',
      (t) => readActionStep(workflow, 'execute', ctx(t)),
      await clone('execute'),
      execTemp,
    );
    jobs.push(exec);
    const patchPath = exec.outputs.patch_path;
    if (exec.code === 0 && patchPath && existsSync(patchPath)) {
      const ws = await clone('integrate');
      const intTemp = join(root, 'temp-integrate');
      mkdirSync(join(intTemp, 'home'), { recursive: true });
      const read = (t: string) => readActionStep(workflow, 'integrate', ctx(t, exec.outputs));
      const dl = read('x').downloadPath ?? '.uet-patch';
      cpSync(patchPath, isAbsolute(dl) ? dl : join(ws, dl), { recursive: true });
      jobs.push(await runJob(run, 'integrate', read, ws, intTemp));
    }
    return { run, jobs };
  };

  const pump = () => {
    while (!paused && running < (o.concurrency ?? 3) && queue.length) {
      const run = queue.shift()!;
      running += 1;
      run.status = 'in_progress';
      void execute(run)
        .then(async (result) => {
          const failed = result.jobs.length < 2 || result.jobs.some((j) => j.code !== 0);
          run.status = 'completed';
          run.conclusion = failed ? 'failure' : 'success';
          done.push(result);
          const repo = buildRepoFacts(sim.state);
          if (o.workflowJobEvents)
            for (const j of result.jobs)
              await o.deliver(
                'workflow_job',
                workflowJobCompleted(repo, {
                  name: `${j.job} ${run.display_title}`,
                  conclusion: j.code === 0 ? 'success' : 'failure',
                  runId: run.id,
                }),
              );
          await o.deliver(
            'workflow_run',
            workflowRunCompleted(repo, {
              id: run.id,
              runName: run.display_title,
              conclusion: run.conclusion,
              workflow: run.path.split('/').pop()!,
            }),
          );
        })
        .catch((error: unknown) =>
          sim.violations.push(`simulated runner failed on ${run.display_title}: ${(error as Error).stack}`),
        )
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
