import { Command, CommanderError } from 'commander';
import { join } from 'node:path';
import { packageRoot, packageVersion } from '../adapters/package-root.js';
import { InvariantError, UetError } from '../core/errors.js';
import { createProcessIo, type CliIo, type CommandContext } from './cli-context.js';
import { exitCodes, exitCodesHelp, type ExitCode } from './exit-codes.js';
import { asFileError } from './write-error.js';

/** Error codes (UetError.code) that mean the user's input was wrong, rather than the work failing. */
const BAD_INPUT = new Set(['usage', 'input', 'contract_invalid', 'dependency_cycle']);

type RegisterCommand = (program: Command, ctx: CommandContext) => void;

/**
 * Each command's module, in help order, imported only when needed: importing all of them (and what they
 * import) costs about 0.25 s, more than a small command's own work.
 */
const COMMANDS: readonly (readonly [string, () => Promise<RegisterCommand>])[] = [
  ['init', async () => (await import('./commands/init.js')).registerInitCommand],
  ['validate', async () => (await import('./commands/validate.js')).registerValidateCommand],
  ['plan', async () => (await import('./commands/plan.js')).registerPlanCommand],
  ['run', async () => (await import('./commands/run.js')).registerRunCommand],
  ['resume', async () => (await import('./commands/resume.js')).registerResumeCommand],
  ['status', async () => (await import('./commands/status.js')).registerStatusCommand],
  ['runs', async () => (await import('./commands/runs.js')).registerRunsCommand],
  ['logs', async () => (await import('./commands/logs.js')).registerLogsCommand],
  ['cancel', async () => (await import('./commands/cancel.js')).registerCancelCommand],
  ['ledger', async () => (await import('./commands/ledger.js')).registerLedgerCommand],
  ['bootstrap', async () => (await import('./commands/bootstrap.js')).registerBootstrapCommand],
  ['convert', async () => (await import('./commands/convert.js')).registerConvertCommand],
  ['clean', async () => (await import('./commands/clean.js')).registerCleanCommand],
  [
    'completion',
    async () => {
      const { registerCompletionCommand } = await import('./commands/completion.js');
      return (program, ctx) => registerCompletionCommand(program, ctx, () => createProgram(ctx));
    },
  ],
  ['schedule', async () => (await import('./commands/schedule.js')).registerScheduleCommand],
];

/**
 * Builds the `uet` command tree. Each command lives in ./commands/<name>.ts. When `argv` names a command
 * (the root has no option taking a value, so it is the first argument that is not an option), only that
 * command is loaded; otherwise (help, an unknown command) all of them are.
 */
export async function createProgram(ctx: CommandContext, argv: readonly string[] = []): Promise<Command> {
  const program = new Command('uet')
    .description('Universal Execution Templates: plan, police and audit automated work on a repository')
    .version(packageVersion(), '-V, --version', 'print the uet version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.stdout(text),
      writeErr: (text) => ctx.io.stderr(text),
      outputError: (text, write) => write(`uet: ${text.replace(/^error: /, '')}`),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `\nGet started: \`uet init\` writes a starter bundle; \`uet <command> --help\` describes a command.\n` +
        `Documentation: ${join(packageRoot, 'README.md')} and ${join(packageRoot, 'docs')}/ (first-bundle.md: a tutorial).\n` +
        `Environment: UET_DEBUG=1 prints the stack of an internal error; TZ sets the zone of the times shown.\n${exitCodesHelp('uet')}`,
    );
  // Subcommands created with .command() inherit exitOverride and the output configuration above.
  const named = argv.slice(2).find((a) => !a.startsWith('-'));
  const only = COMMANDS.filter(([name]) => name === named);
  const registers = await Promise.all((only.length ? only : COMMANDS).map(([, load]) => load()));
  for (const register of registers) register(program, ctx);
  return program;
}

/** Runs the CLI and returns the exit code. This is the only place that maps errors to exit codes. */
export async function main(argv: readonly string[], io: CliIo = createProcessIo()): Promise<number> {
  let exitCode: ExitCode = exitCodes.ok;
  const ctx: CommandContext = { io, setExitCode: (code) => void (exitCode = code) };
  try {
    await (await createProgram(ctx, argv)).parseAsync(argv);
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
  // A file the system would not let uet read or write (a read-only repository, a full disk): bad input, with its path.
  const mapped = asFileError(error);
  if (mapped !== error && mapped instanceof UetError) {
    io.stderr(`uet: ${mapped.message}\n${debug && error instanceof Error && error.stack ? `${error.stack}\n` : ''}`);
    return exitCodes.badInput;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`uet: internal error: ${message}\n`);
  io.stderr(
    debug && error instanceof Error && error.stack ? `${error.stack}\n` : '(set UET_DEBUG=1 for the stack)\n',
  );
  return exitCodes.internal;
}
