import type { ToolResult } from './tool-adapter.js';

/**
 * A custom adapter's answer as a ToolResult: a ToolResult-like object ({exitCode?, errorClass?, message?, costUsd?,
 * tokens?, outputTail?}), or seed 2's {status: "success" | ...}. Anything else is a permanent failure.
 */
export function toToolResult(value: unknown, durationMs: number): ToolResult {
  const v = (value ?? {}) as Record<string, unknown>;
  if (typeof value !== 'object' || value === null)
    return {
      exitCode: 1,
      errorClass: 'permanent',
      message: 'the custom adapter returned no result object',
      outputTail: '',
      durationMs,
    };
  const failedStatus = typeof v.status === 'string' && v.status !== 'success';
  const errorClass =
    typeof v.errorClass === 'string'
      ? (v.errorClass as ToolResult['errorClass'])
      : failedStatus
        ? 'permanent'
        : undefined;
  const exitCode = typeof v.exitCode === 'number' ? v.exitCode : errorClass ? 1 : 0;
  return {
    exitCode,
    ...(errorClass
      ? {
          errorClass,
          message:
            typeof v.message === 'string'
              ? v.message
              : `the custom adapter reported ${typeof v.status === 'string' ? v.status : 'a failure'}`,
        }
      : {}),
    ...(typeof v.costUsd === 'number' ? { costUsd: v.costUsd } : {}),
    ...(v.tokens && typeof v.tokens === 'object'
      ? { tokens: v.tokens as ToolResult['tokens'] & object }
      : {}),
    outputTail:
      typeof v.outputTail === 'string' ? v.outputTail.slice(-4096) : JSON.stringify(value).slice(0, 4096),
    durationMs: typeof v.durationMs === 'number' ? v.durationMs : durationMs,
  };
}
