import type { Command } from 'commander';

/** What a value completes to: directories, files, a fixed list, or nothing to suggest. */
export type ValueHint = { readonly kind: 'dir' } | { readonly kind: 'file' } | { readonly kind: 'none' } | { readonly kind: 'choice'; readonly values: readonly string[] };

export interface CompletionOption {
  /** `-q` and/or `--quiet`. */
  readonly flags: readonly string[];
  readonly description: string;
  /** Undefined for a flag without a value. */
  readonly value?: ValueHint;
}

export interface CompletionNode {
  readonly name: string;
  readonly description: string;
  readonly options: readonly CompletionOption[];
  /** What the positional arguments complete to (the first argument's hint; files when a command takes files). */
  readonly argument?: ValueHint;
  readonly commands: readonly CompletionNode[];
}

/** Value hints by the placeholder an option or argument names (`--repo <dir>`, `<bundle>`, `--format <format>`). */
const HINTS: Record<string, ValueHint> = {
  dir: { kind: 'dir' },
  file: { kind: 'file' },
  bundle: { kind: 'file' },
  plan: { kind: 'file' },
  format: { kind: 'choice', values: ['text', 'mermaid'] },
  shell: { kind: 'choice', values: ['bash', 'zsh', 'fish'] },
};

function hintOf(placeholder: string | undefined): ValueHint {
  const name = placeholder?.replace(/[<>[\]]|\.\.\./g, '') ?? '';
  return HINTS[name] ?? { kind: 'none' };
}

/** The completion tree of a commander program: every command, its options and what its values complete to. */
export function buildCompletionTree(command: Command): CompletionNode {
  const options: CompletionOption[] = command.options.map((o) => ({
    flags: [o.short, o.long].filter((f): f is string => f !== undefined),
    description: o.description,
    ...(o.required || o.optional ? { value: o.argChoices ? { kind: 'choice' as const, values: o.argChoices } : hintOf(/<[^>]+>|\[[^\]]+\]/.exec(o.flags)?.[0]) } : {}),
  }));
  options.push({ flags: ['-h', '--help'], description: 'show help' });
  const first = command.registeredArguments[0];
  return {
    name: command.name(),
    description: command.description(),
    options,
    ...(first ? { argument: first.argChoices ? { kind: 'choice' as const, values: first.argChoices } : hintOf(first.name()) } : {}),
    commands: command.commands.map(buildCompletionTree),
  };
}
