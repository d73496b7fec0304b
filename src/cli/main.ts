import { Command } from 'commander';

/** Builds the `uet` command tree. Each command lives in ./commands/<name>.ts. */
export function createProgram(): Command {
  const program = new Command('uet')
    .description('Universal Execution Templates: plan, police and audit automated work on a repository')
    .version('0.1.0');
  return program;
}

/** Runs the CLI and returns the exit code. Errors never escape as stack traces. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  await program.parseAsync(argv);
  return 0;
}
