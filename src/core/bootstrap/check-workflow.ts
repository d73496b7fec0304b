import { parse } from 'yaml';
import type { DocumentIssue } from '../errors.js';
import { TOOL_JOB_CHOICES, TOOL_JOBS } from '../run/tool-job.js';
import { TOOL_SECRETS } from './build-workflow.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const steps = (job: unknown): Obj[] => {
  const s = obj(job).steps;
  return Array.isArray(s) ? s.map(obj) : [];
};
const SECRET = /\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)/g;
const PINNED = /^[^@\s]+@[0-9a-f]{40}$/;

/** The jobs and what each may hold (ADR 0016): contents read and no secret but its own tool's, or write and none. */
const JOBS: readonly { job: string; contents: string; actions?: 'write'; secrets: readonly string[] }[] = [
  ...TOOL_JOBS.map((job) => ({
    job,
    contents: 'read',
    secrets: Object.values(TOOL_SECRETS[job]).flatMap((v) => [...v.matchAll(SECRET)].map((m) => m[1]!)),
  })),
  { job: 'sandbox', contents: 'read', secrets: [] },
  { job: 'integrate', contents: 'write', actions: 'write', secrets: [] },
];

function checkInputs(doc: Obj, issues: DocumentIssue[]): void {
  const inputs = obj(obj(obj(doc.on).workflow_dispatch).inputs);
  for (const name of ['run_id', 'step_id', 'attempt', 'payload_ref', 'tool'])
    if (!(name in inputs)) issues.push({ pointer: `/on/workflow_dispatch/inputs`, message: `missing the ${name} input` });
  const tool = obj(inputs.tool);
  if ('tool' in inputs && (tool.type !== 'choice' || JSON.stringify(tool.options) !== JSON.stringify(TOOL_JOB_CHOICES)))
    issues.push({ pointer: '/on/workflow_dispatch/inputs/tool', message: `must be a choice of ${TOOL_JOB_CHOICES.join(', ')}` });
}

function checkJob(name: string, job: Obj, rule: (typeof JOBS)[number], issues: DocumentIssue[]): void {
  const perms = obj(job.permissions);
  const extra = Object.keys(perms).filter((k) => k !== 'contents' && !(k === 'actions' && rule.actions && perms[k] === 'write'));
  if (perms.contents !== rule.contents || extra.length)
    issues.push({ pointer: `/jobs/${name}/permissions`, message: `must grant exactly contents: ${rule.contents}${rule.actions ? ' (and actions: write)' : ''}` });
  const referenced = [...JSON.stringify(job).matchAll(SECRET)].map((m) => m[1]!);
  for (const s of new Set(referenced.filter((r) => !rule.secrets.includes(r))))
    issues.push({ pointer: `/jobs/${name}`, message: `references secrets.${s}: ${rule.secrets.length ? `the ${name} job may hold only ${rule.secrets.join(', ')}` : `the ${name} job holds no secret`}` });
  if ((name === 'sandbox' || name === 'integrate') && !/!cancelled\(\)|always\(\)/.test(typeof job.if === 'string' ? job.if : ''))
    issues.push({ pointer: `/jobs/${name}/if`, message: 'needs a condition such as !cancelled(): the skipped tool jobs would skip it' });
  steps(job).forEach((s, i) => {
    if (typeof s.uses === 'string' && s.uses.startsWith('actions/checkout@') && obj(s.with)['persist-credentials'] !== false)
      issues.push({ pointer: `/jobs/${name}/steps/${i}/with`, message: 'must check out with persist-credentials: false (the action passes the token to git itself)' });
  });
  if (rule.secrets.length) {
    const checkoutAt = steps(job).findIndex((s) => String(s.uses).startsWith('actions/checkout@'));
    const installAt = steps(job).findIndex((s) => typeof s.run === 'string');
    if (installAt > checkoutAt && checkoutAt >= 0)
      issues.push({ pointer: `/jobs/${name}/steps/${installAt}`, message: 'installs the tool after the checkout: the repository (.npmrc) could redirect the install' });
  }
}

/**
 * Checks the UET workflow against what the app and ADR 0016 rely on: a workflow_dispatch with the five inputs; no
 * top-level grant; the tool jobs and sandbox with contents: read and credentials not persisted, integrate with
 * contents (and actions) write; no job referencing a secret that is not its own tool's (sandbox and integrate
 * none); the tool installed before the checkout; every third-party action pinned by commit; and no `${{ }}`
 * inside any `run:` (script injection). Pure.
 */
export function checkWorkflow(text: string): DocumentIssue[] {
  let doc: Obj;
  try {
    doc = obj(parse(text));
  } catch (error) {
    return [{ pointer: '', message: `not valid YAML: ${(error as Error).message}` }];
  }
  const issues: DocumentIssue[] = [];
  checkInputs(doc, issues);
  if (Object.keys(obj(doc.permissions)).length || typeof doc.permissions === 'string')
    issues.push({ pointer: '/permissions', message: 'grants permissions to every job; grant them per job' });
  const jobs = obj(doc.jobs);
  for (const rule of JOBS) {
    if (!(rule.job in jobs)) issues.push({ pointer: `/jobs`, message: `missing the ${rule.job} job` });
    else checkJob(rule.job, obj(jobs[rule.job]), rule, issues);
  }
  for (const name of Object.keys(jobs))
    if (!JOBS.some((r) => r.job === name)) issues.push({ pointer: `/jobs/${name}`, message: 'is not a job of the UET workflow (claude, codex, aider, sandbox, integrate)' });
  for (const [name, job] of Object.entries(jobs))
    steps(job).forEach((s, i) => {
      if (typeof s.run === 'string' && s.run.includes('${{'))
        issues.push({ pointer: `/jobs/${name}/steps/${i}/run`, message: 'interpolates an expression inside run:; pass it through env: instead' });
      if (typeof s.uses === 'string' && !s.uses.startsWith('./') && !/\/uet@/.test(s.uses) && !PINNED.test(s.uses))
        issues.push({ pointer: `/jobs/${name}/steps/${i}/uses`, message: `${s.uses} is not pinned by commit: use <owner>/<repo>@<40-hex sha> # <tag>` });
    });
  return issues;
}
