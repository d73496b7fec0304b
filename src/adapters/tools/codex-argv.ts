import type { CliToolSettings } from './claude-argv.js';

/**
 * The argv of `codex` for one attempt (built against Codex CLI 0.169.0's `exec --help`): non-interactive exec
 * with JSONL events on stdout, the workspace-write sandbox, approvals off through the config override
 * approval_policy="never" (exec has no --ask-for-approval flag), no session files, the last message written to
 * `lastMessageFile` (outside the worktree), the configured model, and `-` to read the prompt from stdin.
 */
export function buildCodexArgv(lastMessageFile: string, settings: CliToolSettings = {}): string[] {
  return [
    'exec',
    '--json',
    '--sandbox',
    'workspace-write',
    '-c',
    'approval_policy="never"',
    '--ephemeral',
    '--color',
    'never',
    '--output-last-message',
    lastMessageFile,
    ...(settings.model !== undefined ? ['--model', settings.model] : []),
    '-',
  ];
}
