import type { CliToolSettings } from './claude-argv.js';
import type { ToolInput } from './tool-adapter.js';

/** Where aider keeps its chat and input history for an attempt: beside the step log, never in the worktree. */
export interface AiderHistory {
  readonly chatHistoryFile: string;
  readonly inputHistoryFile: string;
  /** The one config file aider reads (`--config` loads only that one, by aider's docs). */
  readonly configFile?: string;
}

/**
 * The argv of `aider` for one attempt: the prompt with --message (aider takes it in argv; it runs one message
 * and exits), --yes-always so that nothing waits for an answer, --no-auto-commits and --no-dirty-commits (UET
 * commits, not aider), no update check, no analytics, no .gitignore edit, no colours, the history files outside
 * the worktree, `--config` with UET's config file (so that no `.aider.conf.yml` of the checkout or the home is read),
 * the configured model, and the files in scope (context.files then create_files) as arguments.
 */
export function buildAiderArgv(
  input: Pick<ToolInput, 'prompt'>,
  history: AiderHistory,
  settings: CliToolSettings = {},
): string[] {
  const files = (input.prompt?.files ?? []).map((f) => (f.startsWith('-') ? `./${f}` : f));
  return [
    '--message',
    input.prompt?.instance.rendered_text ?? '',
    '--yes-always',
    '--no-auto-commits',
    '--no-dirty-commits',
    '--no-check-update',
    '--no-analytics',
    '--no-gitignore',
    '--no-pretty',
    '--chat-history-file',
    history.chatHistoryFile,
    '--input-history-file',
    history.inputHistoryFile,
    ...(history.configFile !== undefined ? ['--config', history.configFile] : []),
    ...(settings.model !== undefined ? ['--model', settings.model] : []),
    ...files,
  ];
}
