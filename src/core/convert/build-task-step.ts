import type { Step } from '../contracts/index.js';
import type { PlanTask, PlanWarning } from './parse-plan-markdown.js';

const TASK_KEYS = new Set([
  'id',
  'tool',
  'command',
  'files',
  'file',
  'creates',
  'create',
  'create_files',
  'after',
  'depends_on',
  'validate',
  'estimate',
  'cost',
  'parallel',
  'sequential',
  'timeout',
]);

/** "90s", "30m", "2h", "1.5h" or a bare number of seconds; undefined when unreadable. */
export function parseDuration(text: string | undefined): number | undefined {
  const m = /^\s*([\d.]+)\s*(s|sec|m|min|h|hr|hours?)?\s*$/i.exec(text ?? '');
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase()[0];
  const seconds = n * (unit === 'h' ? 3600 : unit === 'm' ? 60 : 1);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/**
 * One `- [ ] task {meta}` as a bundle step (without depends_on, resolved later): name from the text, instruction
 * from the text and its notes, and the metadata keys tool, command, files, creates, validate, estimate, cost,
 * parallel and timeout. Unknown keys and unreadable values become warnings. Pure.
 */
export function buildTaskStep(task: PlanTask, stepId: string, warn: (w: PlanWarning) => void): Step {
  const get = (...keys: string[]) => keys.flatMap((k) => task.meta.get(k) ?? []);
  for (const k of task.meta.keys())
    if (!TASK_KEYS.has(k))
      warn({
        line: task.line,
        message: `unknown task metadata "${k}" ignored (known: ${[...TASK_KEYS].join(', ')})`,
      });
  const files = get('files', 'file');
  const creates = get('creates', 'create', 'create_files');
  const instruction = [task.text, ...task.notes].join('\n');
  const tool = get('tool')[0];
  const validate = get('validate')[0];
  const command = get('command')[0];
  if (tool === 'shell' && command === undefined)
    warn({ line: task.line, message: 'tool shell needs a command: add {command: `...`}' });
  const estimate = task.meta.has('estimate') ? parseDuration(get('estimate')[0]) : undefined;
  if (task.meta.has('estimate') && estimate === undefined)
    warn({
      line: task.line,
      message: `estimate "${get('estimate')[0] ?? ''}" is not a duration such as 30m or 2h; ignored`,
    });
  const cost = task.meta.has('cost') ? Number(get('cost')[0]?.replace(/^\$/, '')) : undefined;
  if (cost !== undefined && !(cost >= 0))
    warn({ line: task.line, message: `cost "${get('cost')[0] ?? ''}" is not an amount in USD; ignored` });
  const timeout = task.meta.has('timeout') ? parseDuration(get('timeout')[0]) : undefined;
  const parallel = task.meta.has('sequential')
    ? false
    : task.meta.has('parallel')
      ? get('parallel')[0] !== 'false'
      : undefined;
  return {
    step_id: stepId,
    name: task.text,
    ...(tool !== undefined ? { tool_profile_id: tool } : {}),
    ...(parallel !== undefined ? { parallel_ok: parallel } : {}),
    ...(estimate !== undefined ? { estimate_seconds: estimate } : {}),
    ...(cost !== undefined && cost >= 0 ? { estimate_cost_usd: cost } : {}),
    ...(timeout !== undefined ? { timeout_seconds: timeout } : {}),
    context: {
      ...(files.length ? { files } : {}),
      ...(creates.length ? { create_files: creates } : {}),
      instruction,
      ...(command !== undefined ? { command } : {}),
    },
    ...(validate !== undefined ? { validation: { test_command: validate } } : {}),
  };
}
