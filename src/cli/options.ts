import { InvalidArgumentError, type Command } from 'commander';
import { UsageError } from '../core/errors.js';

/** Commander reducer for a repeatable option. */
export const collect = (value: string, previous: string[]) => [...previous, value];

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

export function parseUsd(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('expected a positive amount in USD, such as 5 or 2.50');
  return n;
}

/** `--format text|mermaid`. */
export function parseOutputFormat(value: string): 'text' | 'mermaid' {
  if (value !== 'text' && value !== 'mermaid') throw new InvalidArgumentError('expected text or mermaid');
  return value;
}

/** The output options of `uet run` and `uet resume`, as commander parses them (`--no-progress` sets progress false). */
export interface OutputOptions {
  json?: boolean;
  quiet?: boolean;
  progress: boolean;
}

/** Adds --json, --quiet and --no-progress to a command that drives a run (--json with --quiet is a usage error). */
export function addOutputOptions(command: Command): Command {
  return command
    .option('--json', 'print the final run_record as JSON instead of progress')
    .option('-q, --quiet', 'print only the one-line outcome (and errors)')
    .option('--no-progress', 'no live progress or event lines; print the final status only')
    .hook('preAction', (self) => {
      const o = self.opts<OutputOptions>();
      assertCompatible([['--json', '--quiet', o.json === true && o.quiet === true]]);
    });
}

/** Refuses options that cannot go together (usage error, exit 2): each pair is [flag, flag, given both]. */
export function assertCompatible(pairs: readonly (readonly [string, string, boolean])[]): void {
  for (const [a, b, both] of pairs) if (both) throw new UsageError(`${a} and ${b} cannot be used together`);
}
