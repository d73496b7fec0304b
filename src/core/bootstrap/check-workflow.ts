import { parse } from 'yaml';
import type { DocumentIssue } from '../errors.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/**
 * Checks the UET workflow against what the app relies on: a workflow_dispatch with the four inputs, least
 * privilege (no top-level grant, execute contents: read with credentials not persisted, integrate contents:
 * write), the two jobs, and no `${{ }}` expression inside any `run:` (script injection). Pure.
 */
export function checkWorkflow(text: string): DocumentIssue[] {
  let doc: Obj;
  try {
    doc = obj(parse(text));
  } catch (error) {
    return [{ pointer: '', message: `not valid YAML: ${(error as Error).message}` }];
  }
  const issues: DocumentIssue[] = [];
  const inputs = obj(obj(obj(doc.on).workflow_dispatch).inputs);
  for (const name of ['run_id', 'step_id', 'attempt', 'payload_ref'])
    if (!(name in inputs)) issues.push({ pointer: `/on/workflow_dispatch/inputs`, message: `missing the ${name} input` });
  if (Object.keys(obj(doc.permissions)).length || typeof doc.permissions === 'string')
    issues.push({ pointer: '/permissions', message: 'grants permissions to every job; grant them per job' });
  const jobs = obj(doc.jobs);
  // integrate may also have actions: write, to dispatch the run's next steps itself (ADR 0010).
  const want: [string, string, string[]][] = [['execute', 'read', []], ['integrate', 'write', ['actions']]];
  for (const [job, contents, optional] of want) {
    const perms = obj(obj(jobs[job]).permissions);
    const extra = Object.keys(perms).filter((k) => k !== 'contents' && !(optional.includes(k) && perms[k] === 'write'));
    if (!(job in jobs)) issues.push({ pointer: `/jobs`, message: `missing the ${job} job` });
    else if (perms.contents !== contents || extra.length)
      issues.push({ pointer: `/jobs/${job}/permissions`, message: `must grant exactly contents: ${contents}${optional.length ? ' (and actions: write)' : ''}` });
  }
  for (const [job, value] of Object.entries(jobs)) {
    const steps = obj(value).steps;
    (Array.isArray(steps) ? steps : []).forEach((step, i) => {
      const s = obj(step);
      if (typeof s.run === 'string' && s.run.includes('${{'))
        issues.push({ pointer: `/jobs/${job}/steps/${i}/run`, message: 'interpolates an expression inside run:; pass it through env: instead' });
      if (job === 'execute' && typeof s.uses === 'string' && s.uses.startsWith('actions/checkout@') && obj(s.with)['persist-credentials'] !== false)
        issues.push({ pointer: `/jobs/${job}/steps/${i}/with`, message: 'the execute job must check out with persist-credentials: false' });
    });
  }
  return issues;
}
