import type { ErrorClass } from '../core/run/index.js';
import type { AttemptRecord } from './patch-dir.js';

const ERROR_CLASSES: readonly ErrorClass[] = [
  'timeout',
  'rate_limit',
  'transient_error',
  'validation_failed',
  'tool_unavailable',
  'policy_violation',
  'conflict',
  'permanent',
  'canceled',
  'budget_exceeded',
];
const VALIDATIONS: readonly string[] = ['passed', 'failed', 'none', 'skipped'];

export type AttemptRecordCheck = { ok: true; value: AttemptRecord } | { ok: false; errors: string[] };

/**
 * Checks an attempt record (attempt.json) as the integrate job reads it. The execute job runs the tool, so what it
 * hands over is untrusted: a forged record must not put a negative or non-numeric cost, duration or count into the
 * ledger (a budget walked back, or a fold and a report broken for the whole run), nor an unknown error class. Pure.
 */
export function validateAttemptRecord(value: unknown): AttemptRecordCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, errors: ['not a JSON object'] };
  const r = value as Record<string, unknown>;
  const errors: string[] = [];
  const need = (field: string, test: (v: unknown) => boolean, what: string, optional = false) => {
    const v = r[field];
    if (v === undefined && optional) return;
    if (!test(v))
      errors.push(
        `${field}: expected ${what}, got ${v === undefined ? 'nothing' : JSON.stringify(v)?.slice(0, 60)}`,
      );
  };
  const str = (v: unknown) => typeof v === 'string';
  const count = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
  need('run_id', str, 'a string');
  need('node_id', str, 'a string');
  need('attempt', (v) => Number.isSafeInteger(v) && (v as number) >= 1, 'an integer from 1');
  need('kind', (v) => v === 'step' || v === 'gate', 'step or gate');
  need('ok', (v) => typeof v === 'boolean', 'a boolean');
  need('duration_ms', count, 'an integer ≥ 0');
  need('started_at', (v) => typeof v === 'string' && Number.isFinite(Date.parse(v)), 'a date-time');
  need('cost_usd', (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, 'a number ≥ 0', true);
  need('files_changed', count, 'an integer ≥ 0', true);
  need('exit_code', (v) => Number.isSafeInteger(v), 'an integer', true);
  need(
    'error_class',
    (v) => (ERROR_CLASSES as readonly unknown[]).includes(v),
    `one of ${ERROR_CLASSES.join(', ')}`,
    true,
  );
  for (const f of ['tool_id', 'message', 'patch_id', 'output_tail']) need(f, str, 'a string', true);
  need('validation', (v) => VALIDATIONS.includes(v as string), VALIDATIONS.join(', '));
  const policy = r.policy as Record<string, unknown> | undefined;
  if (
    typeof policy !== 'object' ||
    policy === null ||
    typeof policy.passed !== 'boolean' ||
    !Array.isArray(policy.violations)
  )
    errors.push('policy: expected { passed, violations }');
  else if (
    !policy.violations.every(
      (x: unknown) =>
        typeof x === 'object' &&
        x !== null &&
        typeof (x as { rule?: unknown }).rule === 'string' &&
        typeof (x as { message?: unknown }).message === 'string',
    )
  )
    errors.push('policy.violations: expected { rule, message } objects');
  return errors.length ? { ok: false, errors } : { ok: true, value: value as AttemptRecord };
}
