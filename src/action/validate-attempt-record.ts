import type { ErrorClass } from '../core/run/index.js';
import { boundText, RECORD_LIMITS } from '../core/run/record-limits.js';
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
const QUARANTINE_REASONS: readonly string[] = ['policy_violation', 'oscillation', 'conflict', 'forged', 'manual'];

/**
 * What an attempt record may hold: anything beyond is impossible for an honest job, and the record is refused. The
 * job that writes a record cuts its own strings to these (boundAttemptRecord), so only a forged record breaks them.
 */
export const ATTEMPT_LIMITS = {
  /** GitHub's longest job (a self-hosted runner's 5 days), with room. */
  maxDurationMs: 7 * 24 * 3600 * 1000,
  /** More than any one attempt may cost: a budget is checked against the sum. */
  maxCostUsd: 10_000,
  maxFilesChanged: 1_000_000,
  /** More tokens than any one attempt uses (each of input and output). */
  maxTokens: 1_000_000_000,
  maxViolations: 1_000,
  maxViolationMessage: 2_048,
  maxPath: 4_096,
  /** How far in the future started_at may be (clock skew between runners). */
  maxClockSkewMs: 10 * 60 * 1000,
} as const;

/**
 * Tools whose CLI always reports what a successful run cost (Claude Code's total_cost_usd): a success of theirs
 * that reports nothing, or zero, did not happen as recorded.
 */
const COST_REPORTING_TOOLS: readonly string[] = ['claude'];

const RUN_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const NODE_ID = /^[A-Za-z0-9._:-]{1,256}$/;
const TOOL_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const RULE = /^[a-z0-9_]{1,64}$/;

export type AttemptRecordCheck = { ok: true; value: AttemptRecord } | { ok: false; errors: string[] };

const shown = (v: unknown) => (v === undefined ? 'nothing' : typeof v === 'string' && v.length > 60 ? `a string of ${v.length} characters` : JSON.stringify(v)?.slice(0, 60));

/**
 * Checks an attempt record (attempt.json) as the integrate job reads it. The execute job runs the tool, so what it
 * hands over is untrusted: a forged record must not put into the ledger a negative, non-numeric or impossible cost,
 * duration or count (a budget walked back; a successful Claude step that cost nothing), an unknown error class, ids
 * that are not ids, or strings longer than the run's log takes (RECORD_LIMITS: megabytes into events.jsonl). Pure;
 * `now` bounds started_at.
 */
export function validateAttemptRecord(value: unknown, now: number = Number.POSITIVE_INFINITY): AttemptRecordCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, errors: ['not a JSON object'] };
  const r = value as Record<string, unknown>;
  const errors: string[] = [];
  const need = (field: string, test: (v: unknown) => boolean, what: string, optional = false) => {
    const v = r[field];
    if (v === undefined && optional) return;
    if (!test(v)) errors.push(`${field}: expected ${what}, got ${shown(v)}`);
  };
  const str = (max: number) => (v: unknown) => typeof v === 'string' && v.length <= max;
  const count = (max: number) => (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max;
  need('run_id', (v) => typeof v === 'string' && RUN_ID.test(v), 'a run id (ULID)');
  need('node_id', (v) => typeof v === 'string' && NODE_ID.test(v), 'a step or gate id');
  need('attempt', (v) => Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= 1000, 'an integer from 1 to 1000');
  need('kind', (v) => v === 'step' || v === 'gate', 'step or gate');
  need('ok', (v) => typeof v === 'boolean', 'a boolean');
  need('duration_ms', count(Number.MAX_SAFE_INTEGER), 'an integer ≥ 0');
  need('started_at', (v) => typeof v === 'string' && v.length <= 40 && Date.parse(v) <= now + ATTEMPT_LIMITS.maxClockSkewMs, 'a date-time, not in the future');
  need('cost_usd', (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, 'a number ≥ 0', true);
  const over = (field: string, max: number, what: string) => {
    if (typeof r[field] === 'number' && r[field] > max) errors.push(`${field}: ${String(r[field])} is more than ${what} (at most ${max})`);
  };
  over('duration_ms', ATTEMPT_LIMITS.maxDurationMs, 'any job runs');
  over('cost_usd', ATTEMPT_LIMITS.maxCostUsd, 'any attempt costs');
  need(
    'tokens',
    (v) =>
      typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      Object.keys(v).every((k) => k === 'input' || k === 'output') &&
      ['input', 'output'].every((k) => count(ATTEMPT_LIMITS.maxTokens)((v as Record<string, unknown>)[k])),
    `{ input, output }, integers from 0 to ${ATTEMPT_LIMITS.maxTokens}`,
    true,
  );
  need('files_changed', count(ATTEMPT_LIMITS.maxFilesChanged), 'an integer ≥ 0', true);
  need('exit_code', (v) => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= 255, 'an exit code from 0 to 255', true);
  need('error_class', (v) => (ERROR_CLASSES as readonly unknown[]).includes(v), `one of ${ERROR_CLASSES.join(', ')}`, true);
  need('tool_id', (v) => typeof v === 'string' && TOOL_ID.test(v), 'a tool id', true);
  need('patch_id', (v) => typeof v === 'string' && RUN_ID.test(v), 'a patch id (ULID)', true);
  need('message', str(RECORD_LIMITS.message), `a string of at most ${RECORD_LIMITS.message} characters`, true);
  need('output_tail', str(RECORD_LIMITS.outputTail), `a string of at most ${RECORD_LIMITS.outputTail} characters`, true);
  need('validation', (v) => VALIDATIONS.includes(v as string), VALIDATIONS.join(', '));
  if (r.ok === true && r.kind === 'step' && COST_REPORTING_TOOLS.includes(r.tool_id as string) && !((r.cost_usd as number) > 0))
    errors.push(`cost_usd: a successful ${String(r.tool_id)} step reports what it cost, got ${shown(r.cost_usd)}`);
  const policy = r.policy as Record<string, unknown> | undefined;
  if (typeof policy !== 'object' || policy === null || typeof policy.passed !== 'boolean' || !Array.isArray(policy.violations))
    errors.push('policy: expected { passed, violations }');
  else {
    if (policy.violations.length > ATTEMPT_LIMITS.maxViolations) errors.push(`policy.violations: expected at most ${ATTEMPT_LIMITS.maxViolations}, got ${policy.violations.length}`);
    else if (!policy.violations.every(isViolation)) errors.push(`policy.violations: expected { rule, message, path? } objects (rule a name, message at most ${ATTEMPT_LIMITS.maxViolationMessage} characters)`);
    if (policy.quarantine_reason !== undefined && !QUARANTINE_REASONS.includes(policy.quarantine_reason as string))
      errors.push(`policy.quarantine_reason: expected one of ${QUARANTINE_REASONS.join(', ')}, got ${shown(policy.quarantine_reason)}`);
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: value as AttemptRecord };
}

function isViolation(x: unknown): boolean {
  if (typeof x !== 'object' || x === null) return false;
  const v = x as { rule?: unknown; message?: unknown; path?: unknown };
  return (
    typeof v.rule === 'string' &&
    RULE.test(v.rule) &&
    typeof v.message === 'string' &&
    v.message.length <= ATTEMPT_LIMITS.maxViolationMessage &&
    (v.path === undefined || (typeof v.path === 'string' && v.path.length <= ATTEMPT_LIMITS.maxPath))
  );
}

/**
 * A record cut to what validateAttemptRecord takes, as the job that writes it must do: the message's head and the
 * output's tail kept with a marker, violations capped. Pure.
 */
export function boundAttemptRecord(record: AttemptRecord): AttemptRecord {
  const { violations } = record.policy;
  const kept = violations.slice(0, ATTEMPT_LIMITS.maxViolations).map((v) => ({
    ...v,
    message: boundText(v.message, ATTEMPT_LIMITS.maxViolationMessage),
    ...(v.path !== undefined ? { path: boundText(v.path, ATTEMPT_LIMITS.maxPath) } : {}),
  }));
  return {
    ...record,
    ...(record.message !== undefined ? { message: boundText(record.message, RECORD_LIMITS.message) } : {}),
    ...(record.output_tail !== undefined ? { output_tail: boundText(record.output_tail, RECORD_LIMITS.outputTail, 'tail') } : {}),
    policy: { ...record.policy, violations: kept },
  };
}
