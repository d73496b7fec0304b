import { Argument, type Command } from 'commander';
import type { CommandContext } from '../cli-context.js';
import { buildCompletionTree } from '../completion/completion-tree.js';
import { renderCompletion, SHELLS, type Shell } from '../completion/render-completion.js';
import { exitCodesHelp } from '../exit-codes.js';

/**
 * `uet completion bash|zsh|fish`: the shell completion script, generated from the command tree itself (every
 * command, its options and what their values complete to), so it never lags behind the CLI.
 */
export function registerCompletionCommand(program: Command, ctx: CommandContext, root: () => Promise<Command>): void {
  program
    .command('completion')
    .description('print the shell completion script for bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .addHelpText(
      'after',
      `\nLoad it:\n  bash: source <(uet completion bash)      (or save it in ~/.local/share/bash-completion/completions/uet)\n  zsh:  source <(uet completion zsh)       (or save it as _uet in a directory of $fpath)\n  fish: uet completion fish | source       (or save it as ~/.config/fish/completions/uet.fish)\n${exitCodesHelp('completion')}`,
    )
    .action(async (shell: Shell) => {
      ctx.io.stdout(renderCompletion(shell, buildCompletionTree(await root())));
    });
}
