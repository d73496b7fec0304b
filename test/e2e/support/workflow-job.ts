import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const REPO_ROOT = join(import.meta.dirname, '../../..');

interface WorkflowStep {
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
}

interface Workflow {
  readonly jobs: Record<
    string,
    { steps: WorkflowStep[]; needs?: string | string[]; permissions?: Record<string, string> }
  >;
}

/** The UET action step of one job of the workflow: what the runner passes it as INPUT_* and env. */
export interface ActionStep {
  readonly job: string;
  readonly with: Record<string, string>;
  readonly env: Record<string, string>;
  readonly permissions: Record<string, string>;
  /** The `path` of the job's actions/download-artifact step (integrate), if any. */
  readonly downloadPath?: string;
}

const actionDefaults = (): Record<string, string> => {
  const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  return Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']));
};

/**
 * Evaluates the only expressions UET's workflow uses: `inputs.*`, `github.token`, `secrets.*` (empty here) and
 * `steps.<id>.outputs.*`. Anything else is an error: the runner must not silently pass an unknown expression.
 */
export function evaluate(
  text: string,
  ctx: { inputs: Record<string, string>; token: string; outputs: Record<string, string> },
): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
    const [scope, ...rest] = expr.split('.');
    if (scope === 'inputs') return ctx.inputs[rest[0]!] ?? '';
    if (expr === 'github.token') return ctx.token;
    if (scope === 'secrets') return '';
    if (scope === 'steps' && rest[1] === 'outputs') return ctx.outputs[rest[2]!] ?? '';
    throw new Error(`the simulated runner does not evaluate \${{ ${expr} }}`);
  });
}

/** Reads the UET action step of `job` from the workflow text (the step whose `uses` is `<owner>/uet@<ref>`). */
export function readActionStep(
  workflowText: string,
  job: string,
  ctx: Parameters<typeof evaluate>[1],
): ActionStep {
  const wf = parse(workflowText) as Workflow;
  const j = wf.jobs[job];
  if (!j) throw new Error(`the workflow has no job "${job}"`);
  const step = j.steps.find((s) => /\/uet@/.test(s.uses ?? ''));
  if (!step) throw new Error(`job "${job}" has no step that uses the UET action`);
  const withInputs = { ...actionDefaults(), ...(step.with as Record<string, string>) };
  const download = j.steps.find((s) => /actions\/download-artifact@/.test(s.uses ?? ''));
  return {
    job,
    with: Object.fromEntries(Object.entries(withInputs).map(([k, v]) => [k, evaluate(String(v), ctx)])),
    env: Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(String(v), ctx)])),
    permissions: j.permissions ?? {},
    ...(typeof download?.with?.path === 'string' ? { downloadPath: download.with.path } : {}),
  };
}
