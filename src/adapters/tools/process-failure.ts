import { classifyExit } from './classify-exit.js';
import type { CliInvocation } from './run-cli-tool.js';
import type { ProcessResult } from './run-process.js';
import type { ToolResult } from './tool-adapter.js';

/**
 * The failure of a process that did not get as far as producing an answer, or undefined: canceled, timed out, or
 * missing (tool_unavailable, with what to install). Auth and rate-limit errors are the adapters' to read.
 */
export function processFailure(
  r: ProcessResult,
  call: CliInvocation,
  timeoutMs: number,
): ToolResult | undefined {
  const errorClass = classifyExit(r);
  const base = { exitCode: r.exitCode, outputTail: r.outputTail, durationMs: r.durationMs };
  if (errorClass === 'canceled') return { ...base, errorClass, message: 'canceled' };
  if (errorClass === 'timeout')
    return { ...base, errorClass, message: `${call.toolId} timed out after ${timeoutMs} ms` };
  if (r.spawnError !== undefined)
    return {
      ...base,
      errorClass: 'tool_unavailable',
      message: `${call.binary} could not be started (${r.spawnError}): ${call.installHint}`,
    };
  if (errorClass === 'tool_unavailable')
    return {
      ...base,
      errorClass,
      message: `${call.binary} exited with 127 (command not found): ${call.installHint}`,
    };
  return undefined;
}
