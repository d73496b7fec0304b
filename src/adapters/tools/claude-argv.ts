import type { ToolInput } from './tool-adapter.js';

/** Claude Code's file tools: read and edit in the worktree, nothing that runs commands or reaches the network. */
export const CLAUDE_FILE_TOOLS = ['Read', 'Edit', 'Write', 'Glob', 'Grep'] as const;

export interface CliToolSettings {
  /** The model to ask for (router_config tools.<id>.model). */
  readonly model?: string;
}

/** A spend cap for --max-budget-usd: the remaining budget rounded down to the cent, at least one cent. */
export const budgetCap = (usd: number) => (Math.max(1, Math.floor(usd * 100 + 1e-9)) / 100).toFixed(2);

/**
 * The argv of `claude` for one attempt (built against Claude Code 2.1.330's --help): print mode with a JSON
 * result, the dontAsk permission mode (anything not allowed is denied, never prompted), an explicit allow-list of
 * file tools (Bash only when the policy allows shell commands), no session saved, the remaining budget as
 * --max-budget-usd, and the configured model. The prompt goes on stdin, never in argv.
 */
export function buildClaudeArgv(
  input: Pick<ToolInput, 'prompt' | 'budgetRemainingUsd'>,
  settings: CliToolSettings = {},
): string[] {
  const tools = [...CLAUDE_FILE_TOOLS, ...(input.prompt?.allowShell ? ['Bash'] : [])];
  return [
    '-p',
    '--output-format',
    'json',
    '--permission-mode',
    'dontAsk',
    '--allowedTools',
    tools.join(','),
    '--no-session-persistence',
    ...(input.budgetRemainingUsd !== undefined
      ? ['--max-budget-usd', budgetCap(input.budgetRemainingUsd)]
      : []),
    ...(settings.model !== undefined ? ['--model', settings.model] : []),
  ];
}
