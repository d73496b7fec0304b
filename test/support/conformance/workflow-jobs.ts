import { parse } from 'yaml';
import { conditionHolds, type Contexts } from './workflow-expressions.js';

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
  /** `runs-on` and `timeout-minutes` as written (expressions unevaluated: see evaluateValue). */
  readonly runsOn: unknown;
  readonly timeoutMinutes?: unknown;
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
      runsOn: j['runs-on'],
      ...(j['timeout-minutes'] !== undefined ? { timeoutMinutes: j['timeout-minutes'] } : {}),
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

/** What a job ended with, as the `needs` context shows it. */
export interface JobOutcome {
  readonly result: 'success' | 'failure' | 'skipped';
  readonly outputs: Record<string, string>;
}

/** Every job a job needs, directly or not. */
function ancestorsOf(job: WorkflowJob, jobs: readonly WorkflowJob[]): string[] {
  const out = new Set<string>();
  const walk = (j: WorkflowJob) => {
    for (const n of j.needs) {
      if (out.has(n)) continue;
      out.add(n);
      walk(jobs.find((x) => x.id === n)!);
    }
  };
  walk(job);
  return [...out];
}

/**
 * Runs a workflow's jobs as GitHub orders and gates them: each after its `needs`, its `if:` evaluated with GitHub's
 * engine on `contexts` plus the `needs` context (a job without a status function gets `success()`, false when any
 * job it needs, directly or not, did not succeed; failure() when one failed). `run` does a job whose `if:` holds;
 * `skip` makes the outcome of one that is skipped. Returns the outcomes by job id, in the order the jobs ran.
 */
export async function walkWorkflowJobs<R extends JobOutcome>(
  jobs: readonly WorkflowJob[],
  contexts: Contexts,
  run: (job: WorkflowJob, contexts: Contexts) => Promise<R> | R,
  skip: (job: WorkflowJob) => R,
): Promise<Map<string, R>> {
  const results = new Map<string, R>();
  for (const job of jobs) {
    const ancestors = ancestorsOf(job, jobs).map((a) => results.get(a)!);
    const needs = Object.fromEntries(
      job.needs.map((n) => [n, { result: results.get(n)!.result, outputs: results.get(n)!.outputs }]),
    );
    const jobContexts = { ...contexts, needs };
    const status = {
      success: ancestors.every((a) => a.result === 'success'),
      failure: ancestors.some((a) => a.result === 'failure'),
      cancelled: false,
    };
    results.set(job.id, conditionHolds(job.if, jobContexts, status) ? await run(job, jobContexts) : skip(job));
  }
  return results;
}
