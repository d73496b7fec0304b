import { parse } from 'yaml';
import { loadWorkflowParser, type WorkflowParser } from './workflow-parser.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Step {
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly needs?: string | string[];
  readonly if?: string;
  readonly outputs?: Record<string, string>;
  readonly steps: Step[];
}

/** An artifact a job uploads or downloads, with its name as the runner evaluates it. */
export interface ArtifactUse {
  readonly job: string;
  readonly kind: 'upload' | 'download';
  readonly name: string;
}

/** What the UET action step of a job outputs, given its evaluated `with:` (the action's own code computes it). */
export type ActionOutputs = (job: string, withInputs: Record<string, string>) => Record<string, string>;

/**
 * Evaluates one expression (the text inside `${{ }}`) with GitHub's expression engine (@actions/expressions),
 * with the job status functions (success, failure, cancelled, always) as the runner defines them for one job.
 */
function evaluate(
  p: WorkflowParser,
  expr: string,
  context: Record<string, Json>,
  status: { failed: boolean },
) {
  const { Lexer, Parser, Evaluator, data } = p.expressions;
  const fns = [
    ['success', () => !status.failed],
    ['failure', () => status.failed],
    ['cancelled', () => false],
    ['always', () => true],
  ] as const;
  const infos = fns.map(([name]) => ({ name, minArgs: 0, maxArgs: 0 }));
  const tree = new Parser(new Lexer(expr).lex().tokens, Object.keys(context), infos).parse();
  const dict = JSON.parse(JSON.stringify(context), data.reviver) as InstanceType<typeof data.Dictionary>;
  const functions = new Map(
    fns.map(([name, f]) => [name, { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(f()) }]),
  );
  return new Evaluator(tree, dict, functions).evaluate();
}

/** A value with its `${{ }}` parts evaluated, as the runner does for `with:`, `outputs:` and names. */
function render(
  p: WorkflowParser,
  text: unknown,
  context: Record<string, Json>,
  status: { failed: boolean },
): string {
  return String(text).replace(/\$\{\{\s*([\s\S]+?)\s*\}\}/g, (_m, expr: string) =>
    evaluate(p, expr, context, status).coerceString(),
  );
}

/** Whether a job's or step's `if:` holds; without one, `success()`. */
function holds(
  p: WorkflowParser,
  cond: string | undefined,
  context: Record<string, Json>,
  status: { failed: boolean },
) {
  const expr = (cond ?? 'success()').replace(/^\s*\$\{\{\s*([\s\S]*?)\s*\}\}\s*$/, '$1');
  const hasStatus = /\b(success|failure|cancelled|always)\s*\(/.test(expr);
  return p.truthy(evaluate(p, hasStatus ? expr : `success() && (${expr})`, context, status));
}

/**
 * Runs the artifact names of one workflow_dispatch of a workflow through GitHub's expression engine: the jobs in
 * `needs` order, each job's and step's `if:`, the UET action's outputs (`action`), the job outputs, and every
 * actions/upload-artifact and actions/download-artifact name. Every job that runs succeeds. Returns the artifact
 * names in the order the jobs use them.
 */
export async function resolveArtifactNames(
  workflowText: string,
  inputs: Record<string, string>,
  action: ActionOutputs,
): Promise<ArtifactUse[]> {
  const p = await loadWorkflowParser();
  const wf = parse(workflowText) as { jobs: Record<string, Job> };
  const done = new Map<string, { result: string; outputs: Record<string, string> }>();
  const uses: ArtifactUse[] = [];
  const needsOf = (j: Job) =>
    j.needs === undefined ? [] : typeof j.needs === 'string' ? [j.needs] : j.needs;
  while (done.size < Object.keys(wf.jobs).length) {
    const ready = Object.entries(wf.jobs).filter(
      ([id, j]) => !done.has(id) && needsOf(j).every((n) => done.has(n)),
    );
    if (!ready.length) throw new Error('the workflow has a cycle in needs');
    for (const [id, job] of ready) {
      const needs = Object.fromEntries(needsOf(job).map((n) => [n, done.get(n)!]));
      const base = {
        inputs,
        needs,
        runner: { temp: '/home/runner/work/_temp', os: 'Linux' },
        github: { token: '***' },
        secrets: {},
      };
      const failed = Object.values(needs).some((n) => n.result !== 'success');
      if (!holds(p, job.if, base, { failed })) {
        done.set(id, { result: 'skipped', outputs: {} });
        continue;
      }
      const steps: Record<string, { outputs: Record<string, string> }> = {};
      for (const step of job.steps) {
        const context = { ...base, steps };
        if (!holds(p, step.if, context, { failed: false })) continue;
        const withInputs = Object.fromEntries(
          Object.entries(step.with ?? {}).map(([k, v]) => [k, render(p, v, context, { failed: false })]),
        );
        if (/^actions\/upload-artifact@/.test(step.uses ?? ''))
          uses.push({ job: id, kind: 'upload', name: withInputs.name ?? '' });
        if (/^actions\/download-artifact@/.test(step.uses ?? ''))
          uses.push({ job: id, kind: 'download', name: withInputs.name ?? '' });
        if (/\/uet@/.test(step.uses ?? '') && step.id) steps[step.id] = { outputs: action(id, withInputs) };
      }
      const outputs = Object.fromEntries(
        Object.entries(job.outputs ?? {}).map(([k, v]) => [
          k,
          render(p, v, { ...base, steps }, { failed: false }),
        ]),
      );
      done.set(id, { result: 'success', outputs });
    }
  }
  return uses;
}
