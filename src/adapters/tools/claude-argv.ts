import type { ToolInput } from './tool-adapter.js';

/** Claude Code's file tools: read and edit in the worktree, nothing that runs commands or reaches the network. */
export const CLAUDE_FILE_TOOLS = ['Read', 'Edit', 'Write', 'Glob', 'Grep'] as const;

export interface CliToolSettings {
  /** The model to ask for (router_config tools.<id>.model). */
  readonly model?: string;
}

export interface ClaudeSettings extends CliToolSettings {
  /**
   * A settings file of the runner's own (UET_CLAUDE_SETTINGS in UET's environment), loaded with --settings: the only
   * way user-level configuration reaches a step. The checkout's `.claude/` is never read.
   */
  readonly settingsFile?: string;
}

/** A spend cap for --max-budget-usd: the remaining budget rounded down to the cent, at least one cent. */
export const budgetCap = (usd: number) => (Math.max(1, Math.floor(usd * 100 + 1e-9)) / 100).toFixed(2);

/** The tools offered to the model: the file tools, and Bash only when the step's policy allows shell commands. */
export const claudeTools = (allowShell: boolean | undefined) => [...CLAUDE_FILE_TOOLS, ...(allowShell ? ['Bash'] : [])];

/**
 * The argv of `claude` for one attempt (checked against Claude Code 2.1.328's --help and behaviour):
 * - print mode with one JSON result; no session saved;
 * - `--restricted`: user, project and local settings files are ignored (the checkout's `.claude/settings.json`
 *   hooks, permissions and env included), the file tools are confined to the worktree, and writes to settings,
 *   git and tool-configuration files are denied; `--setting-sources ''` says the same for older builds;
 * - `--strict-mcp-config` (no MCP server from the checkout's `.mcp.json`) and `--disable-slash-commands` (no skill
 *   or command from the checkout's `.claude/`);
 * - `--tools` offers only the policy's tools to the model (`--allowedTools` alone does not narrow them), and
 *   `--allowedTools` with the `dontAsk` mode lets them run without a prompt: anything else is denied;
 * - the remaining budget as --max-budget-usd, the configured model, the runner's own settings file if any.
 * The prompt goes on stdin, never in argv.
 */
export function buildClaudeArgv(
  input: Pick<ToolInput, 'prompt' | 'budgetRemainingUsd'>,
  settings: ClaudeSettings = {},
): string[] {
  const tools = claudeTools(input.prompt?.allowShell).join(',');
  return [
    '-p',
    '--output-format',
    'json',
    '--restricted',
    '--setting-sources',
    '',
    '--strict-mcp-config',
    '--disable-slash-commands',
    '--permission-mode',
    'dontAsk',
    '--tools',
    tools,
    '--allowedTools',
    tools,
    '--no-session-persistence',
    ...(input.budgetRemainingUsd !== undefined ? ['--max-budget-usd', budgetCap(input.budgetRemainingUsd)] : []),
    ...(settings.model !== undefined ? ['--model', settings.model] : []),
    ...(settings.settingsFile !== undefined ? ['--settings', settings.settingsFile] : []),
  ];
}
