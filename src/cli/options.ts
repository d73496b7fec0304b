import { InvalidArgumentError } from 'commander';

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
