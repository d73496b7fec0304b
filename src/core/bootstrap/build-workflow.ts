import { stringify } from 'yaml';
import { TOOL_JOB_CHOICES, TOOL_JOBS, type ToolJob } from '../run/tool-job.js';
import { DEFAULT_RUNNER_CLASS, HOSTED_RUNNER } from '../run/runner-class.js';
import {
  PINNED_ACTIONS,
  PINNED_TOOLS,
  PROJECT_NODE_VERSION,
  PYTHON_VERSION,
  TOOL_NODE_VERSION,
  usesOf,
} from './workflow-pins.js';

export const WORKFLOW_PATH = '.github/workflows/uet.yml';

export interface WorkflowOptions {
  /** The GitHub owner of the UET action (`<owner>/uet@v1`). */
  readonly owner: string;
  /** Whether the project needs Python on the runner (a Python profile or language). */
  readonly python: boolean;
  /** Whether the project needs Terraform on the runner. */
  readonly terraform: boolean;
}

type Step = Record<string, unknown>;
type Job = Record<string, unknown>;

const expr = (e: string) => `\${{ ${e} }}`;
const input = (description: string) => ({ description, required: true, type: 'string' });
const IDS = {
  run_id: expr('inputs.run_id'),
  step_id: expr('inputs.step_id'),
  attempt: expr('inputs.attempt'),
  payload_ref: expr('inputs.payload_ref'),
  tool: expr('inputs.tool'),
  runner: expr('inputs.runner'),
};
/**
 * Where a node's jobs run and for how long: the dispatch's `runner` input, JSON the app or a runner's chained
 * dispatch computes from the run's ledger (runnerInputOf: the node's runner class as .github/uet.yml mapped it, and
 * its time limit). The default is only for a dispatch by hand (ADR 0026).
 */
export const RUNNER_INPUT_DEFAULT = JSON.stringify({ class: DEFAULT_RUNNER_CLASS, runs_on: HOSTED_RUNNER.labels[0], timeout_minutes: 60 });
const RUNS_ON = expr('fromJSON(inputs.runner).runs_on');
const TIMEOUT = expr('fromJSON(inputs.runner).timeout_minutes');
const TOOL_DIR = `${expr('runner.temp')}/uet-tool`;
const PATCH_DIR = `${expr('runner.temp')}/uet-patch`;
const READ = { contents: 'read' };
const checkout = (w: Record<string, unknown> = {}): Step => ({
  name: 'Check out',
  uses: usesOf(PINNED_ACTIONS.checkout),
  with: { 'persist-credentials': false, ...w },
});
const upload = (what: string): Step => ({
  name: `Upload ${what}`,
  uses: usesOf(PINNED_ACTIONS.uploadArtifact),
  with: {
    name: expr('steps.uet.outputs.artifact_name'),
    path: expr('steps.uet.outputs.patch_path'),
    'if-no-files-found': 'error',
    'retention-days': 7,
  },
});

/**
 * Each tool job's secrets, as `env:` of the UET step: only that tool's own (ADR 0016). Codex 0.169 reads
 * CODEX_API_KEY (a CODEX_API_KEY secret, else OPENAI_API_KEY); aider gets keys of its own names, so that it never
 * holds the key claude or codex spends.
 */
export const TOOL_SECRETS: Readonly<Record<Exclude<ToolJob, 'none'>, Record<string, string>>> = {
  claude: {
    ANTHROPIC_API_KEY: expr('secrets.ANTHROPIC_API_KEY'),
    CLAUDE_CODE_OAUTH_TOKEN: expr('secrets.CLAUDE_CODE_OAUTH_TOKEN'),
  },
  codex: { CODEX_API_KEY: expr('secrets.CODEX_API_KEY || secrets.OPENAI_API_KEY') },
  aider: {
    OPENAI_API_KEY: expr('secrets.AIDER_OPENAI_API_KEY'),
    ANTHROPIC_API_KEY: expr('secrets.AIDER_ANTHROPIC_API_KEY'),
  },
};

/**
 * Each tool job's endpoint, from the repository's Actions variables (`vars`, not secrets: an endpoint is not a
 * credential): a gateway, a proxy to Bedrock or a local model. An unset variable is an empty string on GitHub, which
 * the action treats as unset (pickToolEnv). Aider reads its endpoints from its own model settings.
 */
export const TOOL_VARS: Readonly<Record<Exclude<ToolJob, 'none'>, Record<string, string>>> = {
  claude: { ANTHROPIC_BASE_URL: expr('vars.ANTHROPIC_BASE_URL') },
  codex: { OPENAI_BASE_URL: expr('vars.OPENAI_BASE_URL') },
  aider: {},
};

/**
 * The tool's install, pinned by exact version, before the checkout and in $RUNNER_TEMP: no file of the repository
 * (.npmrc, pip.conf, package.json) exists yet, and the install's working directory is outside the workspace anyway.
 */
function installTool(job: Exclude<ToolJob, 'none'>): Step[] {
  const t = PINNED_TOOLS[job];
  if (job === 'aider')
    return [
      { name: 'Set up Python', uses: usesOf(PINNED_ACTIONS.setupPython), with: { 'python-version': PYTHON_VERSION } },
      {
        name: `Install ${t.package} ${t.version}`,
        'working-directory': expr('runner.temp'),
        run: `pipx install --index-url https://pypi.org/simple/ ${t.package}==${t.version}\n`,
      },
    ];
  return [
    { name: 'Set up Node.js', uses: usesOf(PINNED_ACTIONS.setupNode), with: { 'node-version': TOOL_NODE_VERSION } },
    {
      name: `Install ${t.package} ${t.version}`,
      'working-directory': expr('runner.temp'),
      run:
        `npm install --prefix "$RUNNER_TEMP/uet-tools" --no-save --no-audit --no-fund --registry=https://registry.npmjs.org/ ${t.package}@${t.version}\n` +
        `echo "$RUNNER_TEMP/uet-tools/node_modules/.bin" >> "$GITHUB_PATH"\n`,
    },
  ];
}

function toolJob(job: Exclude<ToolJob, 'none'>, action: string): Job {
  return {
    name: job,
    if: expr(`inputs.tool == '${job}'`),
    'runs-on': RUNS_ON,
    'timeout-minutes': TIMEOUT,
    permissions: READ,
    outputs: { artifact: expr('steps.uet.outputs.artifact_name') },
    steps: [
      ...installTool(job),
      checkout(),
      {
        name: `Run ${job}`,
        id: 'uet',
        uses: action,
        with: { mode: 'tool', ...IDS, patch_dir: TOOL_DIR },
        env: { ...TOOL_SECRETS[job], ...TOOL_VARS[job] },
      },
      upload(`the ${job} patch`),
    ],
  };
}

function sandboxJob(o: WorkflowOptions, action: string): Job {
  const toolArtifact = `format('{0}{1}{2}', ${TOOL_JOBS.map((j) => `needs.${j}.outputs.artifact`).join(', ')})`;
  return {
    name: 'sandbox',
    needs: [...TOOL_JOBS],
    // The tool jobs that do not apply are skipped; that must not skip this job (only a failed or canceled one does).
    if: expr(`!cancelled() && !contains(needs.*.result, 'failure') && !contains(needs.*.result, 'cancelled')`),
    'runs-on': RUNS_ON,
    'timeout-minutes': TIMEOUT,
    permissions: READ,
    outputs: { artifact: expr('steps.uet.outputs.artifact_name') },
    steps: [
      checkout(),
      { name: 'Set up Node.js', uses: usesOf(PINNED_ACTIONS.setupNode), with: { 'node-version': PROJECT_NODE_VERSION } },
      ...(o.python ? [{ name: 'Set up Python', uses: usesOf(PINNED_ACTIONS.setupPython), with: { 'python-version': PYTHON_VERSION } }] : []),
      ...(o.terraform ? [{ name: 'Set up Terraform', uses: usesOf(PINNED_ACTIONS.setupTerraform) }] : []),
      {
        name: 'Download the tool patch',
        if: expr(`inputs.tool != 'none'`),
        uses: usesOf(PINNED_ACTIONS.downloadArtifact),
        with: { name: expr(toolArtifact), path: TOOL_DIR },
      },
      { name: 'Run the step', id: 'uet', uses: action, with: { mode: 'execute', ...IDS, tool_dir: TOOL_DIR, patch_dir: PATCH_DIR } },
      upload('the attempt'),
    ],
  };
}

/**
 * The workflow that runs one UET node attempt on GitHub Actions (.github/workflows/uet.yml), dispatched with run_id,
 * step_id, attempt, payload_ref, tool (ADR 0016) and runner (ADR 0026: the tool jobs and the sandbox run on the
 * node's runner class, with its time limit; integrate, which holds the write token, always on GitHub's hosted
 * runner). Repository code never runs where a secret or a write token
 * exists, so each attempt is up to three jobs:
 * - `claude`, `codex`, `aider`: the one the `tool` input names runs the step's AI tool (and nothing else) through
 *   the UET action in mode `tool`, with only that tool's secrets and a read-only token; the tool is installed pinned,
 *   before the checkout, outside the workspace. The action refuses a `tool` input the run's ledger does not route to.
 * - `sandbox`: no secret, a read-only token; runs all repository code (shell steps, custom adapters, gates, the
 *   validation of the tool's patch) in mode `execute` and uploads the attempt.
 * - `integrate`: contents and actions write, a fresh checkout, UET's code only (mode `integrate`).
 * Artifact names come from the action (`artifact_name`), since a node id may hold characters artifact names refuse.
 * Integrate's concurrency group is the attempt (cancel-in-progress false). Inputs reach commands only through
 * `with:` and `env:`; no `run:` interpolates an expression, and every action is pinned by commit. Pure.
 */
export function buildWorkflow(options: WorkflowOptions): string {
  const action = `${options.owner}/uet@v1`;
  const workflow = {
    name: 'uet',
    'run-name': `uet:${IDS.run_id}:${IDS.step_id}:${IDS.attempt}`,
    on: {
      workflow_dispatch: {
        inputs: {
          run_id: input('The UET run (a ULID)'),
          step_id: input('The step or gate node of the run to execute'),
          attempt: input('The attempt number, from 1'),
          payload_ref: input('Where the execution request is stored (a git ref under refs/uet/)'),
          tool: {
            description: "The job that runs the node's AI tool, from its route in the run's ledger (none: no AI tool)",
            required: true,
            type: 'choice',
            options: [...TOOL_JOB_CHOICES],
            default: 'none',
          },
          runner: {
            description: "Where the node's jobs run and for how long, as JSON {class, runs_on, timeout_minutes}, from the run's ledger",
            required: false,
            type: 'string',
            default: RUNNER_INPUT_DEFAULT,
          },
        },
      },
    },
    permissions: {},
    jobs: {
      ...Object.fromEntries(TOOL_JOBS.map((j) => [j, toolJob(j, action)])),
      sandbox: sandboxJob(options, action),
      integrate: {
        name: 'integrate',
        needs: 'sandbox',
        if: expr(`!cancelled() && needs.sandbox.result == 'success'`),
        'runs-on': 'ubuntu-latest',
        'timeout-minutes': 15,
        permissions: { contents: 'write', actions: 'write' },
        concurrency: { group: `uet-${IDS.run_id}-${IDS.step_id}-${IDS.attempt}`, 'cancel-in-progress': false },
        steps: [
          checkout({ 'fetch-depth': 0 }),
          {
            name: 'Download the attempt',
            uses: usesOf(PINNED_ACTIONS.downloadArtifact),
            with: { name: expr('needs.sandbox.outputs.artifact'), path: PATCH_DIR },
          },
          { name: 'Integrate the patch', uses: action, with: { mode: 'integrate', ...IDS, patch_dir: PATCH_DIR } },
        ],
      },
    },
  };
  const header =
    '# Generated by uet bootstrap: runs one UET node attempt per dispatch (see docs/bootstrap.md).\n' +
    '# Repository code runs only in the sandbox job, which holds no secret and no write token (ADR 0016).\n' +
    '# Inputs reach commands only through with: and env:, never inside run:. Actions are pinned by commit.\n';
  let text = stringify(workflow, { lineWidth: 0, aliasDuplicateObjects: false });
  for (const a of Object.values(PINNED_ACTIONS)) text = text.replaceAll(`${usesOf(a)}\n`, `${usesOf(a)} # ${a.tag}\n`);
  return header + text;
}
