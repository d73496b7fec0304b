import * as core from '@actions/core';
import { parseRunnerInput, TOOL_JOB_CHOICES, type RunnerInput, type ToolJob } from '../core/run/index.js';

/** tool: the AI tool job; execute (and gate): the sandbox job; integrate: the write job (ADR 0016). */
export type ActionMode = 'tool' | 'execute' | 'integrate' | 'gate';

/** What the runner gives one invocation of the action: its inputs and the job's environment. */
export interface ActionInputs {
  readonly mode: ActionMode;
  readonly runId: string;
  readonly stepId: string;
  readonly attempt: number;
  readonly payloadRef?: string;
  readonly token?: string;
  readonly toolModel?: string;
  readonly maxBudgetUsd?: number;
  /** The dispatch's `tool` input: the tool job the dispatcher says the node's route names (checked against the ledger). */
  readonly tool: ToolJob;
  /** The dispatch's `runner` input (ADR 0026): checked against the node's recorded runner class. */
  readonly runner?: RunnerInput;
  /** Where the sandbox finds the tool job's attempt record and patch (its downloaded artifact). */
  readonly toolDir: string;
  /** Where the patch artifact and the attempt record are written (execute) or read (integrate). */
  readonly patchDir: string;
  /** The checkout (GITHUB_WORKSPACE). */
  readonly workspace: string;
  /** Scratch space (RUNNER_TEMP). */
  readonly tempDir: string;
  /** https://github.com, for the token's extra header. */
  readonly serverUrl: string;
  readonly repository: string;
  /** Whether the integrate job chains the run: claims and dispatches the next starts itself (input `chain`). */
  readonly chain: boolean;
  /** The environment the tool runs in (its API keys). */
  readonly env: Readonly<Record<string, string>>;
}

const MODES: readonly string[] = ['tool', 'execute', 'integrate', 'gate'];
const RUN_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const NODE_ID = /^[A-Za-z0-9._:-]+$/;

const optional = (name: string): string | undefined => {
  const v = core.getInput(name).trim();
  return v === '' ? undefined : v;
};

/** Reads and checks the action's inputs (getInput) and the runner's environment. Throws on a bad input. */
export function readActionInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const mode = core.getInput('mode', { required: true }).trim();
  if (!MODES.includes(mode)) throw new Error(`input mode: expected tool, execute, integrate or gate, got "${mode}"`);
  const runId = core.getInput('run_id', { required: true }).trim();
  if (!RUN_ID.test(runId)) throw new Error(`input run_id: not a run id (a ULID): "${runId}"`);
  const stepId = core.getInput('step_id', { required: true }).trim();
  if (!NODE_ID.test(stepId)) throw new Error(`input step_id: not a step or gate id: "${stepId}"`);
  const attemptText = core.getInput('attempt', { required: true }).trim();
  const attempt = Number(attemptText);
  if (!Number.isSafeInteger(attempt) || attempt < 1) throw new Error(`input attempt: expected a number from 1, got "${attemptText}"`);
  const budgetText = optional('max_budget_usd');
  const maxBudgetUsd = budgetText === undefined ? undefined : Number(budgetText);
  if (maxBudgetUsd !== undefined && !(maxBudgetUsd >= 0)) throw new Error(`input max_budget_usd: expected a number, got "${budgetText}"`);
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const tempDir = env.RUNNER_TEMP ?? workspace;
  const payloadRef = optional('payload_ref');
  const token = optional('token');
  const toolModel = optional('tool_model');
  const patchDir = optional('patch_dir') ?? `${tempDir}/${mode === 'tool' ? 'uet-tool' : 'uet-patch'}`;
  const toolDir = optional('tool_dir') ?? `${tempDir}/uet-tool`;
  const tool = optional('tool') ?? 'none';
  if (!(TOOL_JOB_CHOICES as readonly string[]).includes(tool)) throw new Error(`input tool: expected one of ${TOOL_JOB_CHOICES.join(', ')}, got "${tool}"`);
  if (mode === 'tool' && tool === 'none') throw new Error('input tool: mode tool needs the tool job (claude, codex or aider)');
  const runnerText = optional('runner');
  const runner = runnerText === undefined ? undefined : parseRunnerInput(runnerText);
  if (runner && !runner.ok) throw new Error(`input runner: ${runner.message}, got "${runnerText!.slice(0, 200)}"`);
  const chainText = optional('chain') ?? 'true';
  if (chainText !== 'true' && chainText !== 'false') throw new Error(`input chain: expected true or false, got "${chainText}"`);
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !k.startsWith('INPUT_')) clean[k] = v;
  return {
    mode: mode as ActionMode,
    runId,
    stepId,
    attempt,
    ...(payloadRef !== undefined ? { payloadRef } : {}),
    ...(token !== undefined ? { token } : {}),
    ...(toolModel !== undefined ? { toolModel } : {}),
    ...(maxBudgetUsd !== undefined ? { maxBudgetUsd } : {}),
    tool: tool as ToolJob,
    ...(runner?.ok ? { runner: runner.value } : {}),
    toolDir: toolDir.startsWith('/') ? toolDir : `${workspace}/${toolDir}`,
    patchDir: patchDir.startsWith('/') ? patchDir : `${workspace}/${patchDir}`,
    workspace,
    tempDir,
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    repository: env.GITHUB_REPOSITORY ?? '',
    chain: chainText === 'true',
    env: clean,
  };
}
