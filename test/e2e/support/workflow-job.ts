import { join } from 'node:path';
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { truthy } from '@actions/expressions/result';
import { parse } from 'yaml';

export const REPO_ROOT = join(import.meta.dirname, '../../..');

export interface WorkflowStep {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
  readonly 'working-directory'?: string;
}

/** One job of a workflow file, as the runner reads it. */
export interface WorkflowJob {
  readonly id: string;
  /** Its name as GitHub shows it (and sends it in workflow_job): `name:`, else the job id. */
  readonly name: string;
  readonly needs: readonly string[];
  readonly if?: string;
  /** The job's `permissions:` (else the workflow's): the GITHUB_TOKEN gets exactly these. */
  readonly permissions: Record<string, string>;
  readonly outputs: Record<string, string>;
  readonly steps: readonly WorkflowStep[];
  /** The secrets the job references anywhere in its definition: all the runner hands this job. */
  readonly secrets: readonly string[];
}

const SECRET = /\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)/g;
// GITHUB_TOKEN permissions: "If you specify the access for any of these permissions, all of those that are not
// specified are set to none" (workflow syntax, permissions); `{}` grants none; read-all/write-all every scope.
const SCOPES = ['actions', 'checks', 'contents', 'deployments', 'issues', 'packages', 'pull-requests', 'statuses'];
function permissionsOf(p: unknown): Record<string, string> {
  if (p === 'read-all' || p === 'write-all') return Object.fromEntries(SCOPES.map((s) => [s, p.slice(0, -4)]));
  return p !== null && typeof p === 'object' ? { ...(p as Record<string, string>) } : {};
}

/** The jobs of a workflow file in an order that runs each after its needs (GitHub's own order is by needs too). */
export function readWorkflowJobs(text: string): WorkflowJob[] {
  const wf = parse(text) as { permissions?: unknown; jobs: Record<string, Record<string, unknown>> };
  const jobs = Object.entries(wf.jobs).map(([id, j]): WorkflowJob => {
    const needs = j.needs === undefined ? [] : Array.isArray(j.needs) ? (j.needs as string[]) : [j.needs as string];
    return {
      id,
      name: typeof j.name === 'string' ? j.name : id,
      needs,
      ...(typeof j.if === 'string' || typeof j.if === 'boolean' ? { if: String(j.if) } : {}),
      permissions: permissionsOf(j.permissions ?? wf.permissions),
      outputs: (j.outputs ?? {}) as Record<string, string>,
      steps: (j.steps ?? []) as WorkflowStep[],
      secrets: [...new Set([...JSON.stringify(j).matchAll(SECRET)].map((m) => m[1]!))],
    };
  });
  const ordered: WorkflowJob[] = [];
  while (ordered.length < jobs.length) {
    const next = jobs.find((j) => !ordered.includes(j) && j.needs.every((n) => ordered.some((o) => o.id === n)));
    if (!next) throw new Error('the workflow has a cycle of needs, or needs a job it does not have');
    ordered.push(next);
  }
  return ordered;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression contexts are JSON of any shape
export type Contexts = Record<string, any>;
/**
 * What the status functions answer. For a job's `if:`, success() holds when every job it needs, directly or not,
 * succeeded (a skipped one does not: GitHub skips the job), failure() when one failed; for a step's, when no
 * earlier step of the job failed.
 */
export interface JobStatus {
  readonly success: boolean;
  readonly failure: boolean;
  readonly cancelled: boolean;
}

const STATUS = ['success', 'failure', 'cancelled', 'always'] as const;

/** Evaluates one expression (the text inside `${{ }}`) with GitHub's own engine, @actions/expressions. */
export function evaluateExpression(expr: string, contexts: Contexts, status: JobStatus): data.ExpressionData {
  const values: Record<(typeof STATUS)[number], boolean> = { ...status, always: true };
  const infos = STATUS.map((name) => ({ name, minArgs: 0, maxArgs: 0 }));
  const lexed = new Lexer(expr).lex();
  const tree = new Parser(lexed.tokens, Object.keys(contexts), infos).parse();
  const dict = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary;
  const functions = new Map(STATUS.map((name) => [name, { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(values[name]) }]));
  return new Evaluator(tree, dict, functions).evaluate();
}

/** A value with each `${{ }}` evaluated and turned into a string, as the runner does for `with:`, `env:` and the rest. */
export function interpolate(text: unknown, contexts: Contexts, status: JobStatus): string {
  return String(text).replace(/\$\{\{\s*([\s\S]+?)\s*\}\}/g, (_m, expr: string) => evaluateExpression(expr, contexts, status).coerceString());
}

/**
 * Whether a job's or step's `if:` holds. Without a status function in it, GitHub applies `success() && (…)`; a job
 * without `if:` is `success()`.
 */
export function conditionHolds(cond: string | undefined, contexts: Contexts, status: JobStatus): boolean {
  const expr = (cond ?? 'success()').replace(/^\s*\$\{\{\s*([\s\S]*?)\s*\}\}\s*$/, '$1');
  const hasStatus = /\b(success|failure|cancelled|always)\s*\(/.test(expr);
  return truthy(evaluateExpression(hasStatus ? expr : `success() && (${expr})`, contexts, status));
}
