import { buildPlan } from '../bundle/build-plan.js';
import {
  validateDocument,
  type Step,
  type TestGate,
  type Workstream,
  type WorkstreamBundle,
} from '../contracts/index.js';
import type { DocumentIssue } from '../errors.js';
import { buildTaskStep } from './build-task-step.js';
import { parsePlanMarkdown, type PlanWarning, type PlanWeek } from './parse-plan-markdown.js';
import { slugify } from './slugify.js';
import { plural } from '../plural.js';

export interface ConvertResult {
  readonly bundle: WorkstreamBundle;
  readonly warnings: PlanWarning[];
  /** Problems of the result against workstream_bundle and the DAG checks; empty when it is a valid bundle. */
  readonly issues: DocumentIssue[];
}

const WEEK_KEYS = new Set([
  'id',
  'kind',
  'budget',
  'max_cost_usd',
  'priority',
  'after',
  'depends_on',
  'optional',
  'background',
  'foreground',
  'parallel',
  'sequential',
  'on_error',
  'max_parallel',
]);
const TITLE_KEYS = new Set(['id', 'bundle_id', 'budget', 'max_cost_usd', 'max_parallel']);
const GATE = /^(GATE_[A-Z]+)\b[\s:–—-]*`([^`]+)`(.*)$/;
const GATE_TYPES = new Set([
  'GATE_TEST',
  'GATE_LINT',
  'GATE_DOCS',
  'GATE_TYPECHECK',
  'GATE_SECURITY',
  'GATE_CUSTOM',
]);

function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

function wsBaseId(week: PlanWeek): string {
  const text = week.text.replace(/\(optional\)/i, '');
  const m = /^week\s+(\d+)\s*[:.\-–—]?\s*(.*)$/i.exec(text.trim());
  const slug = m ? `w${m[1]}${m[2] ? `-${slugify(m[2], 24, '')}` : ''}` : slugify(text, 32, 'workstream');
  return `WS-${slug.replace(/-$/, '').toUpperCase()}`;
}

function gatesOf(week: PlanWeek, warn: (w: PlanWarning) => void): TestGate[] {
  return week.gates.flatMap(({ line, text }) => {
    const m = GATE.exec(text);
    if (!m || !GATE_TYPES.has(m[1]!)) {
      warn({
        line,
        message: `gate "${text.slice(0, 60)}" is not "GATE_<TYPE>: \`command\`" with a known type; not converted`,
      });
      return [];
    }
    const advisory = /non-blocking|advisory|optional/i.test(m[3]!);
    return [{ type: m[1] as TestGate['type'], command: m[2]!, required: !advisory, blocking: !advisory }];
  });
}

/**
 * Converts a markdown phase plan (parsePlanMarkdown) into a workstream bundle: one workstream per `###` week
 * with tasks, one step per `- [ ]` task with a stable id (the slug of its text, or its `id:`, made unique), each
 * week depending on the previous one unless it or that one is optional or it names its own `after:`, and the
 * result checked against workstream_bundle and the DAG rules. Pure.
 */
export function convertPlan(
  markdown: string,
  options: { bundleId?: string; fallbackName?: string } = {},
): ConvertResult {
  const doc = parsePlanMarkdown(markdown);
  const warnings = [...doc.warnings];
  const warn = (w: PlanWarning) => warnings.push(w);
  const title = doc.title;
  for (const k of title?.meta.keys() ?? [])
    if (!TITLE_KEYS.has(k)) warn({ line: title!.line, message: `unknown plan metadata "${k}" ignored` });
  const tmeta = (k: string) => title?.meta.get(k)?.[0];
  const name = title?.text || options.fallbackName || 'plan';
  const budget = Number(tmeta('budget') ?? tmeta('max_cost_usd') ?? NaN);
  const maxParallel = Number(tmeta('max_parallel') ?? NaN);
  const wsIds = new Set<string>();
  const stepIds = new Set<string>();
  const workstreams: (Workstream & { optional: boolean; after?: string[]; line: number })[] = [];
  const stepAfter = new Map<Step, { line: number; refs: string[] }>();
  for (const week of doc.weeks) {
    if (!week.tasks.length) {
      warn({ line: week.line, message: `"${week.text}" has no "- [ ]" tasks; no workstream made for it` });
      continue;
    }
    const meta = (k: string) => week.meta.get(k)?.[0];
    for (const k of week.meta.keys())
      if (!WEEK_KEYS.has(k))
        warn({
          line: week.line,
          message: `unknown week metadata "${k}" ignored (known: ${[...WEEK_KEYS].join(', ')})`,
        });
    const optional = week.meta.has('optional') || /\(optional\)/i.test(week.text);
    const steps = week.tasks.map((task) => {
      const step = buildTaskStep(
        task,
        uniqueId(task.meta.get('id')?.[0] ?? slugify(task.text, 48, 'task'), stepIds),
        warn,
      );
      const refs = [...(task.meta.get('after') ?? []), ...(task.meta.get('depends_on') ?? [])];
      if (refs.length) stepAfter.set(step, { line: task.line, refs });
      return step;
    });
    const wsBudget = Number(meta('budget') ?? meta('max_cost_usd') ?? NaN);
    const after = week.meta.get('after') ?? week.meta.get('depends_on');
    const onError = meta('on_error');
    workstreams.push({
      ws_id: uniqueId(meta('id') ?? wsBaseId(week), wsIds),
      name: week.text,
      ...(week.description.length ? { description: week.description.join(' ') } : {}),
      ...(meta('kind') !== undefined ? { kind: meta('kind')! } : {}),
      priority:
        optional || week.meta.has('background') || meta('priority') === 'background'
          ? 'background'
          : 'foreground',
      ...(week.meta.has('sequential') ? { parallel_ok: false } : {}),
      ...(Number.isFinite(wsBudget) ? { max_cost_usd: wsBudget } : {}),
      ...(onError === 'fail_fast' || onError === 'continue' || onError === 'escalate'
        ? { on_error: onError }
        : {}),
      ...(Number.isInteger(Number(meta('max_parallel')))
        ? { max_parallel: Number(meta('max_parallel')) }
        : {}),
      ...(week.criteria.length ? { completion_criteria: week.criteria } : {}),
      ...(week.gates.length ? { test_gates: gatesOf(week, warn) } : {}),
      steps,
      optional,
      ...(after ? { after } : {}),
      line: week.line,
    });
  }
  let previous: string | undefined;
  for (const ws of workstreams) {
    if (ws.after) {
      const known = ws.after.filter((a) => a === 'none' || wsIds.has(a));
      for (const a of ws.after)
        if (!known.includes(a))
          warn({ line: ws.line, message: `after: "${a}" is not a workstream id; ignored` });
      ws.depends_on = known.filter((a) => a !== 'none' && a !== ws.ws_id);
    } else if (!ws.optional && previous) ws.depends_on = [previous];
    if (!ws.optional) previous = ws.ws_id;
  }
  for (const [step, { line, refs }] of stepAfter) {
    const ok = refs.filter((r) => stepIds.has(r) && r !== step.step_id);
    for (const r of refs)
      if (!ok.includes(r))
        warn({
          line,
          message: `after: "${r}" is not the id of another step; ignored (give the step {id: ${r}})`,
        });
    if (ok.length) step.depends_on = [...new Set(ok)];
  }
  const bundle: WorkstreamBundle = {
    bundle_id: options.bundleId ?? tmeta('bundle_id') ?? tmeta('id') ?? slugify(name, 64, 'plan'),
    bundle_name: name,
    ...(doc.description.length ? { description: doc.description.join(' ') } : {}),
    ...(Number.isFinite(budget) ? { max_cost_usd: budget } : {}),
    ...(Number.isInteger(maxParallel) && maxParallel > 0 ? { max_parallel: maxParallel } : {}),
    workstreams: workstreams.map(({ optional: _o, after: _a, line: _l, ...ws }) => ws),
  };
  if (!workstreams.length) {
    // Nothing to convert: say what a plan looks like rather than what an empty bundle lacks.
    const found = doc.weeks.length ? `${plural(doc.weeks.length, '"###" heading')} but no "- [ ]" task under any` : 'no "###" heading';
    const message = `no plan structure found (${found}): a plan has "###" headings (one per week or stage, each a workstream) with "- [ ] task" lines under them; see docs/routing.md#converter`;
    return { bundle, warnings: warnings.sort((a, b) => a.line - b.line), issues: [{ pointer: '', message }] };
  }
  const checked = validateDocument('workstream_bundle', bundle);
  const built = checked.ok ? buildPlan(checked.value) : undefined;
  const issues = !checked.ok ? checked.issues : built && !built.ok ? built.issues : [];
  return { bundle, warnings: warnings.sort((a, b) => a.line - b.line), issues };
}
