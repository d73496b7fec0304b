import type { ErrorClass } from '../../core/run/events.js';
import { classifyExit, EXIT_NOT_FOUND, type ProcessEnd } from './classify-exit.js';
import { runProcess } from './run-process.js';
import type { ToolAdapter, ToolInput, ToolResult } from './tool-adapter.js';

function describe(code: number, errorClass: string | undefined, timeoutMs: number): string {
  if (errorClass === 'canceled') return 'canceled';
  if (errorClass === 'timeout')
    return code === 124 ? 'the command exited with 124 (timeout)' : `timed out after ${timeoutMs} ms`;
  return `the command exited with ${code}`;
}

/**
 * classifyExit for a step's own command run by `bash -c`: exit 127 there is a program of the command that is not
 * installed (a missing linter), the step's failure, which retrying cannot fix (permanent). The shell tool itself is
 * unavailable only when bash cannot start.
 */
export function classifyCommandExit(end: ProcessEnd): ErrorClass | undefined {
  const errorClass = classifyExit(end);
  return errorClass === 'tool_unavailable' && end.spawnError === undefined ? 'permanent' : errorClass;
}

/**
 * `tool_profile_id: shell`: runs the step's `context.command` with `bash -c` in the worktree. The command is one
 * argv element, never interpolated. Exit codes are classified as in docs/tools.md.
 */
export const shellAdapter: ToolAdapter = {
  id: 'shell',
  binary: 'bash',
  async run(input: ToolInput): Promise<ToolResult> {
    const command = input.node.step?.context?.command;
    if (command === undefined || command.trim() === '') {
      return {
        exitCode: 2,
        errorClass: 'permanent',
        message: `step ${input.node.id} uses the shell tool but has no context.command`,
        outputTail: '',
        durationMs: 0,
      };
    }
    const r = await runProcess({
      command,
      cwd: input.worktree,
      env: input.env,
      timeoutMs: input.timeoutMs,
      signal: input.signal,
      ...(input.redact?.length ? { redact: input.redact } : {}),
      ...(input.logPath !== undefined
        ? {
            logPath: input.logPath,
            logHeader: `--- uet: step ${input.node.id} attempt ${input.attempt}: shell\n$ ${command}\n`,
          }
        : {}),
    });
    const errorClass = classifyCommandExit(r);
    const base = { exitCode: r.exitCode, outputTail: r.outputTail, durationMs: r.durationMs };
    if (errorClass === undefined) return base;
    const message =
      r.spawnError !== undefined
        ? `bash could not be started: ${r.spawnError}`
        : r.exitCode === EXIT_NOT_FOUND && errorClass === 'permanent'
          ? 'the command exited with 127: a program it runs is not installed or not on PATH (command not found)'
          : describe(r.exitCode, errorClass, input.timeoutMs);
    return { ...base, errorClass, message };
  },
};
