import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseOutputFile } from '../../action/support/action-repo.js';
import type { WorkflowRun } from '../../support/github-routes/index.js';
import type { SimArtifacts } from './sim-artifacts.js';
import type { SimGitHub } from './sim-github.js';
import { conditionHolds, interpolate, type Contexts } from '../../support/conformance/workflow-expressions.js';
import type { WorkflowJob, WorkflowStep } from '../../support/conformance/workflow-jobs.js';
import { REPO_ROOT } from './repo-root.js';

const DIST = join(REPO_ROOT, 'dist/action/index.js');
const WORKER = join(import.meta.dirname, 'runner-worker.mjs');
/** npm and pipx of the simulated runner (runner-bin/install-stand-in.mjs). */
const RUNNER_BIN = join(import.meta.dirname, 'runner-bin');

export interface JobRun {
  readonly sim: SimGitHub;
  readonly run: WorkflowRun;
  readonly job: WorkflowJob;
  /** inputs, github, needs, vars and the job's secrets. */
  readonly contexts: Contexts;
  /** The job's GITHUB_TOKEN, granted the job's permissions. */
  readonly token: string;
  readonly workspace: string;
  readonly temp: string;
  readonly artifacts: SimArtifacts;
  readonly toolInstalls?: string;
  /** The directory of the real claude and codex, which the runner's npm then installs (install-stand-in.mjs). */
  readonly realTools?: string;
}

const actionDefaults = (): Record<string, string> => {
  const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  return Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']));
};

/** Runs one process of a step as the job's runner process's child (runner-worker.mjs holds the job's secrets). */
function spawnStep(worker: Record<string, string>, argv: string[], env: Record<string, string>, cwd: string, temp: string): Promise<{ code: number; log: string }> {
  const spec = join(temp, `step-${randomBytes(6).toString('hex')}.json`);
  writeFileSync(spec, JSON.stringify({ argv, env, cwd }));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, spec], { env: worker, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, log }));
  });
}

const git = (args: string[], cwd: string) =>
  new Promise<{ code: number; log: string }>((resolve) =>
    execFile('git', args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, GIT_TERMINAL_PROMPT: '0' } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, log: stdout + stderr }),
    ),
  );

/** actions/checkout: the dispatched commit, over git smart HTTP with the job token; the token stays in .git/config only with persist-credentials. */
async function checkout(j: JobRun, w: Record<string, string>): Promise<{ code: number; log: string }> {
  const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${j.token}`).toString('base64')}`;
  const url = `${j.sim.api}/${j.sim.state.fullName}.git`;
  const clone = await git(['-c', `http.extraheader=${header}`, 'clone', '--quiet', '--no-tags', '--branch', j.run.head_branch, url, j.workspace], j.temp);
  if (clone.code !== 0) return clone;
  const at = await git(['checkout', '--quiet', '--detach', j.run.head_sha], j.workspace);
  if (at.code !== 0 || w['persist-credentials'] === 'false') return at;
  return git(['config', '--local', `http.${j.sim.api}/.extraheader`, header], j.workspace);
}

/**
 * The steps of one job, in order, on a fresh machine. Each step's `if:` (default success()) is evaluated with GitHub's
 * engine; `with:`, `env:` and `working-directory` are interpolated with the job's contexts and the earlier steps'
 * outputs; GITHUB_OUTPUT and GITHUB_PATH are read back after each step. JavaScript actions get INPUT_* and the
 * runtime token; `run:` steps neither. Any other `uses:` fails the job: the runner never skips what it cannot run.
 */
export async function runJobSteps(j: JobRun): Promise<{ ok: boolean; outputs: Record<string, string>; log: string }> {
  const runtimeToken = `rt_${randomBytes(12).toString('hex')}`;
  // The runner process: the job's referenced secrets and its tokens, as the real Runner.Worker holds them.
  const worker: Record<string, string> = { ...(j.contexts.secrets as Record<string, string>), GITHUB_TOKEN: j.token, ACTIONS_RUNTIME_TOKEN: runtimeToken };
  const files = Object.fromEntries(['GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'].map((f) => [f, join(j.temp, f.toLowerCase())]));
  for (const f of Object.values(files)) writeFileSync(f, '');
  const eventPath = join(j.temp, 'event.json');
  writeFileSync(eventPath, JSON.stringify({ inputs: j.run.inputs, ref: `refs/heads/${j.run.head_branch}` }));
  const base: Record<string, string> = {
    HOME: join(j.temp, 'home'),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_JOB: j.job.id,
    GITHUB_WORKFLOW: 'uet',
    GITHUB_WORKFLOW_REF: `${j.sim.state.fullName}/${j.run.path}@refs/heads/${j.run.head_branch}`,
    GITHUB_REPOSITORY: j.sim.state.fullName,
    GITHUB_REPOSITORY_OWNER: j.sim.state.owner,
    GITHUB_WORKSPACE: j.workspace,
    GITHUB_RUN_ID: String(j.run.id),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REF: `refs/heads/${j.run.head_branch}`,
    GITHUB_SHA: j.run.head_sha,
    GITHUB_ACTOR: `${j.sim.state.appSlug}[bot]`,
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SERVER_URL: j.sim.api,
    GITHUB_API_URL: j.sim.api,
    RUNNER_TEMP: j.temp,
    RUNNER_OS: 'Linux',
    ...files,
    ...(j.toolInstalls ? { UET_SIM_TOOL_INSTALLS: j.toolInstalls } : {}),
    ...(j.realTools ? { UET_SIM_REAL_TOOLS: j.realTools } : {}),
  };
  const paths: string[] = [];
  const steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }> = {};
  let failed = false;
  let log = '';
  for (const [i, step] of j.job.steps.entries()) {
    const contexts: Contexts = { ...j.contexts, github: { ...j.contexts.github, token: j.token, workspace: j.workspace }, runner: { temp: j.temp, os: 'Linux' }, steps };
    const status = { success: !failed, failure: failed, cancelled: false };
    const name = step.name ?? step.uses ?? `step ${i + 1}`;
    if (!conditionHolds(step.if, contexts, status)) {
      log += `--- ${name}: skipped\n`;
      continue;
    }
    const output = join(j.temp, `output-${i}`);
    writeFileSync(output, '');
    const env: Record<string, string> = {
      ...base,
      PATH: [...paths, RUNNER_BIN, join(base.HOME!, '.local/bin'), process.env.PATH ?? ''].join(':'),
      GITHUB_OUTPUT: output,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(v, contexts, status)])),
    };
    const w = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(v, contexts, status)]));
    let r: { code: number; log: string };
    try {
      r = await runStep(j, step, w, env, worker, contexts, status);
    } catch (error) {
      r = { code: 1, log: `::error::${(error as Error).message}\n` };
    }
    log += `--- ${name} (exit ${r.code})\n${r.log}`;
    const ok = r.code === 0;
    if (step.id) steps[step.id] = { outputs: parseOutputFile(readFileSync(output, 'utf8')), outcome: ok ? 'success' : 'failure', conclusion: ok ? 'success' : 'failure' };
    if (!ok) failed = true;
    if (existsSync(files.GITHUB_PATH!)) paths.unshift(...readFileSync(files.GITHUB_PATH!, 'utf8').split('\n').filter(Boolean).reverse().filter((p) => !paths.includes(p)));
  }
  const final: Contexts = { ...j.contexts, steps };
  const outputs = Object.fromEntries(Object.entries(j.job.outputs).map(([k, v]) => [k, interpolate(v, final, { success: true, failure: false, cancelled: false })]));
  return { ok: !failed, outputs, log };
}

async function runStep(
  j: JobRun,
  step: WorkflowStep,
  w: Record<string, string>,
  env: Record<string, string>,
  worker: Record<string, string>,
  contexts: Contexts,
  status: { success: boolean; failure: boolean; cancelled: boolean },
): Promise<{ code: number; log: string }> {
  if (step.run !== undefined) {
    const script = join(j.temp, `run-${randomBytes(6).toString('hex')}.sh`);
    writeFileSync(script, step.run);
    const dir = step['working-directory'] !== undefined ? interpolate(step['working-directory'], contexts, status) : j.workspace;
    return spawnStep(worker, ['/bin/bash', '--noprofile', '--norc', '-eo', 'pipefail', script], env, dir.startsWith('/') ? dir : join(j.workspace, dir), j.temp);
  }
  const uses = step.uses ?? '';
  if (/^actions\/checkout@/.test(uses)) return checkout(j, w);
  if (/^(actions\/setup-(node|python)|hashicorp\/setup-terraform)@/.test(uses)) return { code: 0, log: `${uses}: the simulated runner has its tools already\n` };
  if (/^actions\/upload-artifact@/.test(uses)) {
    j.artifacts.upload(j.job.id, w, j.workspace);
    return { code: 0, log: `uploaded artifact ${w.name}\n` };
  }
  if (/^actions\/download-artifact@/.test(uses)) {
    j.artifacts.download(w, j.workspace);
    return { code: 0, log: `downloaded artifact ${w.name}\n` };
  }
  if (/^[^/]+\/uet@/.test(uses)) {
    const defaults = Object.fromEntries(Object.entries(actionDefaults()).map(([k, v]) => [k, interpolate(v, contexts, status)]));
    const inputs = Object.fromEntries(Object.entries({ ...defaults, ...w }).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
    const runtime = { ACTIONS_RUNTIME_TOKEN: worker.ACTIONS_RUNTIME_TOKEN!, ACTIONS_RESULTS_URL: `${j.sim.api}/_artifacts/` };
    return spawnStep(worker, [process.execPath, DIST], { ...env, ...runtime, ...inputs }, j.workspace, j.temp);
  }
  throw new Error(`the simulated runner does not run ${uses}`);
}
