import type { ErrorClass, Tokens } from '../../core/run/events.js';
import type { ToolResult } from './tool-adapter.js';

/** Every error class of the run_event contract (a Record, so that the compiler checks the list is complete). */
const ERROR_CLASSES: Record<ErrorClass, true> = {
  timeout: true,
  rate_limit: true,
  transient_error: true,
  validation_failed: true,
  tool_unavailable: true,
  policy_violation: true,
  conflict: true,
  permanent: true,
  canceled: true,
  budget_exceeded: true,
};

const isErrorClass = (v: string): v is ErrorClass => Object.hasOwn(ERROR_CLASSES, v);
const isAmount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Token counts as the contract wants them (whole, non-negative), or undefined when they are not counts. */
function toTokens(v: unknown): Tokens | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { input, output } = v as Record<string, unknown>;
  return isAmount(input) && isAmount(output) ? { input: Math.round(input), output: Math.round(output) } : undefined;
}

/** The error class and message of a custom adapter's answer, or undefined when it succeeded. */
function toFailure(v: Record<string, unknown>, exitCode: number): { errorClass: ErrorClass; message: string } | undefined {
  const message = typeof v.message === 'string' ? v.message : undefined;
  if (typeof v.errorClass === 'string') {
    if (isErrorClass(v.errorClass))
      return { errorClass: v.errorClass, message: message ?? `the custom adapter reported ${typeof v.status === 'string' ? v.status : 'a failure'}` };
    const unknown = `the custom adapter reported an unknown error class ${JSON.stringify(v.errorClass)}`;
    return { errorClass: 'permanent', message: message ? `${message} (${unknown})` : unknown };
  }
  if (typeof v.status === 'string' && v.status !== 'success')
    return { errorClass: 'permanent', message: message ?? `the custom adapter reported ${v.status}` };
  if (exitCode !== 0) return { errorClass: 'permanent', message: message ?? `the custom adapter exited with ${exitCode}` };
  return undefined;
}

/**
 * A custom adapter's answer as a ToolResult: a ToolResult-like object ({exitCode?, errorClass?, message?, costUsd?,
 * tokens?, outputTail?}), or seed 2's {status: "success" | ...}. Anything else is a permanent failure, and so is a
 * non-zero exit code or an error class the contract does not know. A cost or tokens that are not non-negative
 * numbers are left out, so that every event stays valid.
 */
export function toToolResult(value: unknown, durationMs: number): ToolResult {
  if (typeof value !== 'object' || value === null)
    return {
      exitCode: 1,
      errorClass: 'permanent',
      message: 'the custom adapter returned no result object',
      outputTail: '',
      durationMs,
    };
  const v = value as Record<string, unknown>;
  const declared = typeof v.exitCode === 'number' && Number.isInteger(v.exitCode) ? v.exitCode : undefined;
  const failure = toFailure(v, declared ?? 0);
  const tokens = toTokens(v.tokens);
  return {
    exitCode: declared ?? (failure ? 1 : 0),
    ...(failure ?? {}),
    ...(isAmount(v.costUsd) ? { costUsd: v.costUsd } : {}),
    ...(tokens ? { tokens } : {}),
    outputTail:
      typeof v.outputTail === 'string' ? v.outputTail.slice(-4096) : JSON.stringify(value).slice(0, 4096),
    durationMs: isAmount(v.durationMs) ? Math.round(v.durationMs) : durationMs,
  };
}
