import type { CICommand } from '../contracts/index.js';

export type CommandKind = CICommand['kind'];

/** Launchers that run the command after them: classification looks through them. */
const LAUNCHERS: Record<string, number> = { npx: 1, bunx: 1, sudo: 1, time: 1, env: 1, exec: 1 };
const RUNNERS = new Set(['uv', 'poetry', 'pipenv', 'pdm', 'rye', 'hatch']);
const NODE_PMS = new Set(['npm', 'pnpm', 'yarn', 'bun']);

/** Splits a simple command into words (quotes removed; no expansion). */
export function splitWords(command: string): string[] {
  const words: string[] = [];
  for (const m of command.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  return words;
}

/** The words of the command proper: leading VAR=value assignments, `cd dir &&` and launchers removed. */
export function commandWords(command: string): string[] {
  let words = splitWords(command.replace(/^\s*cd\s+\S+\s*&&\s*/, ''));
  for (;;) {
    const first = words[0];
    if (first === undefined) return words;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(first)) words = words.slice(1);
    else if (LAUNCHERS[first]) words = words.slice(1).filter((w, i) => i > 0 || !w.startsWith('-'));
    else if (RUNNERS.has(first) && words[1] === 'run') words = words.slice(2).filter((w, i) => i > 0 || !w.startsWith('-'));
    else if (/^python[\d.]*$/.test(first) && words[1] === '-m') words = words.slice(2);
    else if ((first === 'pnpm' || first === 'yarn') && (words[1] === 'exec' || words[1] === 'dlx')) words = words.slice(2);
    else return words;
  }
}

const NAME_RULES: [RegExp, CommandKind][] = [
  [/^(test|tests|e2e|coverage|ci:test)(:|$)/, 'test'],
  [/^(typecheck|type-check|types|tsc|check-types|typecheck:.*)$/, 'typecheck'],
  [/^(lint|format:check|fmt:check|check-format|style|lint:.*)$/, 'lint'],
  [/^(build|compile|dist|package|build:.*)$/, 'build'],
];

/** Kind of a package.json script or a Makefile target from its name alone. */
export function kindFromName(name: string): CommandKind {
  return NAME_RULES.find(([re]) => re.test(name))?.[1] ?? 'other';
}

const TEST = new Set(['pytest', 'py.test', 'nosetests', 'unittest', 'tox', 'nox', 'jest', 'vitest', 'mocha', 'ava', 'karma', 'rspec', 'phpunit', 'ctest', 'bats', 'cypress', 'hypothesis', 'behave']);
const LINT = new Set(['ruff', 'flake8', 'pylint', 'pycodestyle', 'pydocstyle', 'bandit', 'eslint', 'golangci-lint', 'staticcheck', 'markdownlint', 'markdownlint-cli2', 'yamllint', 'shellcheck', 'hadolint', 'sqlfluff', 'tflint', 'ansible-lint', 'codespell', 'stylelint', 'biome', 'pre-commit', 'actionlint', 'vale', 'checkov', 'tfsec', 'djlint', 'gofmt']);
const TYPECHECK = new Set(['mypy', 'pyright', 'pytype', 'vue-tsc', 'flow', 'basedpyright']);
const BUILD = new Set(['webpack', 'vite', 'rollup', 'esbuild', 'tsup', 'sphinx-build', 'mvn', 'gradle', 'docker', 'build', 'mkdocs']);

/** Kind of a command from its first words. `npm run <script>` is judged by the script name (and its text). */
export function classifyCommand(command: string, scripts: Readonly<Record<string, string>> = {}): CommandKind {
  const words = commandWords(command);
  const [exe = '', sub = '', third = ''] = words;
  const args = words.slice(1);
  if (NODE_PMS.has(exe)) {
    const script = sub === 'run' || sub === 'run-script' ? third : sub;
    if (script === 'test' || script === 't') return 'test';
    const byName = kindFromName(script);
    if (byName !== 'other') return byName;
    const body = scripts[script];
    return body !== undefined && body !== command ? classifyCommand(body) : 'other';
  }
  if (exe === 'go') return sub === 'test' ? 'test' : sub === 'vet' ? 'lint' : sub === 'build' ? 'build' : 'other';
  if (exe === 'cargo') {
    const kinds: Record<string, CommandKind> = { test: 'test', nextest: 'test', clippy: 'lint', fmt: 'lint', check: 'typecheck', build: 'build' };
    return kinds[sub] ?? 'other';
  }
  if (exe === 'dbt') return sub === 'test' || sub === 'build' ? 'test' : sub === 'compile' || sub === 'parse' ? 'build' : 'other';
  if (exe === 'terraform') return ['fmt', 'validate'].includes(sub) ? 'lint' : sub === 'test' ? 'test' : 'other';
  if (exe === 'helm') return sub === 'lint' ? 'lint' : sub === 'test' ? 'test' : sub === 'package' ? 'build' : 'other';
  if (exe === 'tsc') return args.includes('--noEmit') ? 'typecheck' : 'build';
  if (exe === 'prettier') return args.some((a) => ['--check', '-c', '--list-different', '-l'].includes(a)) ? 'lint' : 'other';
  if (exe === 'black' || exe === 'isort') return args.some((a) => /^(--check|--check-only|-c|--diff)$/.test(a)) ? 'lint' : 'other';
  if (exe === 'playwright') return sub === 'test' ? 'test' : 'other';
  if (['poetry', 'uv', 'hatch', 'pdm', 'flit'].includes(exe) && sub === 'build') return 'build';
  if (exe === 'make') return kindFromName(sub);
  if (TEST.has(exe)) return 'test';
  if (LINT.has(exe)) return 'lint';
  if (TYPECHECK.has(exe)) return 'typecheck';
  if (BUILD.has(exe)) return exe === 'mkdocs' ? (sub === 'build' ? 'build' : 'other') : 'build';
  return 'other';
}
