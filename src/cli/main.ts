import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { InvariantError, UetError } from '../core/errors.js';
import { createProcessIo, type CliIo, type CommandContext } from './cli-context.js';
import { registerBootstrapCommand } from './commands/bootstrap.js';
import { registerCancelCommand } from './commands/cancel.js';
import { registerConvertCommand } from './commands/convert.js';
import { registerLedgerCommand } from './commands/ledger.js';
import { registerLogsCommand } from './commands/logs.js';
import { registerPlanCommand } from './commands/plan.js';
import { registerResumeCommand } from './commands/resume.js';
import { registerRunCommand } from './commands/run.js';
import { registerRunsCommand } from './commands/runs.js';
import { registerStatusCommand } from './commands/status.js';
import { registerValidateCommand } from './commands/validate.js';
import { exitCodes, type ExitCode } from './exit-codes.js';

// Two levels up from both src/cli and lib/cli.
const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Error codes (UetError.code) that mean the user's input was wrong, rather than the work failing. */
const BAD_INPUT = new Set(['usage', 'input', 'contract_invalid', 'dependency_cycle']);

/** Builds the `uet` command tree. Each command lives in ./commands/<name>.ts. */
export function createProgram(ctx: CommandContext): Command {
  const program = new Command('uet')
    .description('Universal Execution Templates: plan, police and audit automated work on a repository')
    .version(version, '-V, --version', 'print the uet version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.stdout(text),
      writeErr: (text) => ctx.io.stderr(text),
      outputError: (text, write) => write(`uet: ${text.replace(/^error: /, '')}`),
    })
    .showHelpAfterError('(add --help for usage)');
  // Subcommands created with .command() inherit exitOverride and the output configuration above.
  registerValidateCommand(program, ctx);
  registerPlanCommand(program, ctx);
  registerRunCommand(program, ctx);
  registerResumeCommand(program, ctx);
  registerStatusCommand(program, ctx);
  registerRunsCommand(program, ctx);
  registerLogsCommand(program, ctx);
  registerCancelCommand(program, ctx);
  registerLedgerCommand(program, ctx);
  registerBootstrapCommand(program, ctx);
  registerConvertCommand(program, ctx);
  return program;
}

/** Runs the CLI and returns the exit code. This is the only place that maps errors to exit codes. */
export async function main(argv: readonly string[], io: CliIo = createProcessIo()): Promise<number> {
  let exitCode: ExitCode = exitCodes.ok;
  const ctx: CommandContext = { io, setExitCode: (code) => void (exitCode = code) };
  try {
    await createProgram(ctx).parseAsync(argv);
    return exitCode;
  } catch (error) {
    return exitCodeForError(error, io);
  }
}

function exitCodeForError(error: unknown, io: CliIo): ExitCode {
  const debug = Boolean(io.env.UET_DEBUG);
  // Commander has already printed its message (or the help/version text).
  if (error instanceof CommanderError) return error.exitCode === 0 ? exitCodes.ok : exitCodes.badInput;
  if (error instanceof UetError && !(error instanceof InvariantError)) {
    io.stderr(`uet: ${error.message}\n${debug && error.stack ? `${error.stack}\n` : ''}`);
    return BAD_INPUT.has(error.code) ? exitCodes.badInput : exitCodes.failed;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`uet: internal error: ${message}\n`);
  io.stderr(
    debug && error instanceof Error && error.stack ? `${error.stack}\n` : '(set UET_DEBUG=1 for the stack)\n',
  );
  return exitCodes.internal;
}
