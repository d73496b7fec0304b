import type { ToolResult } from './tool-adapter.js';

/** The result of an AI tool asked to run a step that has no prompt (a configuration mistake, never retried). */
export function missingPrompt(toolId: string): ToolResult {
  return { exitCode: 2, errorClass: 'permanent', message: `${toolId} needs a prompt (an AI tool step)`, outputTail: '', durationMs: 0 };
}
