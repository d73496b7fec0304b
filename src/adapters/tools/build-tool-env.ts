import { assertStepEnv } from './step-env.js';

/** Variables passed through from UET's own environment; everything else (tokens, keys, cloud credentials) stays out. */
export const PASSED_THROUGH = ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'TMPDIR', 'TERM', 'SHELL'] as const;

export interface ToolEnvInput {
  readonly runId: string;
  readonly attempt?: number;
  readonly stepId?: string;
  readonly wsId?: string | null;
  readonly gateId?: string;
  readonly worktree: string;
  /** The step's `context.env`. */
  readonly extra?: Readonly<Record<string, string>>;
}

/**
 * The clean environment of a tool, validation or gate process: the passed-through variables of `parent`, then the
 * step's `context.env`, then the UET_* variables. The step's variables must pass checkStepEnv (no credential,
 * endpoint, loader, proxy, git or path variable): else StepEnvError, before any process starts. Pure.
 */
export function buildToolEnv(
  parent: Readonly<Record<string, string | undefined>>,
  input: ToolEnvInput,
): Record<string, string> {
  assertStepEnv(input.extra);
  const env: Record<string, string> = {};
  for (const k of PASSED_THROUGH) {
    const v = parent[k];
    if (v !== undefined) env[k] = v;
  }
  Object.assign(env, input.extra ?? {});
  env.UET_RUN_ID = input.runId;
  env.UET_WORKTREE = input.worktree;
  if (input.stepId !== undefined) env.UET_STEP_ID = input.stepId;
  if (input.wsId) env.UET_WS_ID = input.wsId;
  if (input.attempt !== undefined) env.UET_ATTEMPT = String(input.attempt);
  if (input.gateId !== undefined) env.UET_GATE_ID = input.gateId;
  return env;
}

/**
 * The tool's own variables (its envPassThrough: API keys, base URLs, config directories) taken from UET's
 * environment. They go to the tool process only, never to validation or gate commands, and never into argv. An
 * empty one counts as unset: GitHub gives `${{ secrets.X }}` and `${{ vars.X }}` the empty string when X is not
 * defined, and an empty ANTHROPIC_BASE_URL or key must not replace the tool's default or another credential.
 */
export function pickToolEnv(
  parent: Readonly<Record<string, string | undefined>>,
  names: readonly string[] | undefined,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of names ?? []) {
    const v = parent[k];
    if (v !== undefined && v !== '') env[k] = v;
  }
  return env;
}

/**
 * The environment of an AI tool's process: the clean environment (buildToolEnv) without any of the tool's own
 * names, then the tool's own variables from UET's environment. A step's variables can never replace the tool's
 * endpoint or key, nor supply one UET's environment leaves unset or empty.
 */
export function buildToolProcessEnv(
  env: Readonly<Record<string, string>>,
  parent: Readonly<Record<string, string | undefined>>,
  names: readonly string[] | undefined,
): Record<string, string> {
  const own = new Set(names ?? []);
  const clean = Object.fromEntries(Object.entries(env).filter(([k]) => !own.has(k)));
  return { ...clean, ...pickToolEnv(parent, names) };
}
