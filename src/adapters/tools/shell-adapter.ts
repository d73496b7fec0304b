import { classifyExit } from './classify-exit.js';
import { runProcess } from './run-process.js';
import type { ToolAdapter, ToolInput, ToolResult } from './tool-adapter.js';

function describe(code: number, errorClass: string | undefined, timeoutMs: number): string {
  if (errorClass === 'canceled') return 'canceled';
  if (errorClass === 'timeout')
    return code === 124 ? 'the command exited with 124 (timeout)' : `timed out after ${timeoutMs} ms`;
  return `the command exited with ${code}`;
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
      ...(input.logPath !== undefined
        ? {
            logPath: input.logPath,
            logHeader: `--- uet: step ${input.node.id} attempt ${input.attempt}: shell\n$ ${command}\n`,
          }
        : {}),
    });
    const errorClass = classifyExit(r);
    const base = { exitCode: r.exitCode, outputTail: r.outputTail, durationMs: r.durationMs };
    if (errorClass === undefined) return base;
    const message =
      r.spawnError !== undefined
        ? `bash could not be started: ${r.spawnError}`
        : describe(r.exitCode, errorClass, input.timeoutMs);
    return { ...base, errorClass, message };
  },
};
