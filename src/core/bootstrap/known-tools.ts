import type { DiscoveredTool } from '../contracts/index.js';

export type ToolCategory = DiscoveredTool['category'];

export interface KnownTool {
  readonly category: ToolCategory;
  /** The check command a gate runs when the repository does not say otherwise. */
  readonly command?: string;
}

/** Development tools bootstrap recognises, by tool id, with the command a gate runs for each. */
export const KNOWN_TOOLS: Readonly<Record<string, KnownTool>> = {
  pytest: { category: 'test_runner', command: 'pytest -q' },
  tox: { category: 'test_runner', command: 'tox' },
  nox: { category: 'test_runner', command: 'nox' },
  jest: { category: 'test_runner', command: 'npx jest' },
  vitest: { category: 'test_runner', command: 'npx vitest run' },
  mocha: { category: 'test_runner', command: 'npx mocha' },
  playwright: { category: 'test_runner', command: 'npx playwright test' },
  'go-test': { category: 'test_runner', command: 'go test ./...' },
  'cargo-test': { category: 'test_runner', command: 'cargo test' },
  dbt: { category: 'test_runner', command: 'dbt build' },
  ruff: { category: 'linter', command: 'ruff check .' },
  'ruff-format': { category: 'formatter', command: 'ruff format --check .' },
  flake8: { category: 'linter', command: 'flake8' },
  pylint: { category: 'linter', command: 'pylint --recursive=y .' },
  black: { category: 'formatter', command: 'black --check .' },
  isort: { category: 'formatter', command: 'isort --check-only .' },
  mypy: { category: 'typechecker', command: 'mypy .' },
  pyright: { category: 'typechecker', command: 'pyright' },
  typescript: { category: 'typechecker', command: 'npx tsc --noEmit' },
  eslint: { category: 'linter', command: 'npx eslint .' },
  prettier: { category: 'formatter', command: 'npx prettier --check .' },
  biome: { category: 'linter', command: 'npx biome check .' },
  'golangci-lint': { category: 'linter', command: 'golangci-lint run' },
  clippy: { category: 'linter', command: 'cargo clippy -- -D warnings' },
  rustfmt: { category: 'formatter', command: 'cargo fmt --check' },
  markdownlint: { category: 'linter', command: 'markdownlint .' },
  yamllint: { category: 'linter', command: 'yamllint .' },
  sqlfluff: { category: 'linter', command: 'sqlfluff lint .' },
  shellcheck: { category: 'linter' },
  codespell: { category: 'linter', command: 'codespell' },
  'pre-commit': { category: 'linter', command: 'pre-commit run --all-files' },
  terraform: { category: 'infra', command: 'terraform fmt -check -recursive' },
  tflint: { category: 'linter', command: 'tflint --recursive' },
  helm: { category: 'infra' },
  'ansible-lint': { category: 'linter', command: 'ansible-lint' },
  mkdocs: { category: 'docs_generator', command: 'mkdocs build --strict' },
  sphinx: { category: 'docs_generator', command: 'sphinx-build -W -b html docs docs/_build/html' },
  docusaurus: { category: 'docs_generator' },
  poetry: { category: 'build' },
  hatch: { category: 'build' },
  uv: { category: 'build' },
  pdm: { category: 'build' },
};

/** A DiscoveredTool for a known tool id, with its default command unless one is given. */
export function knownTool(
  toolId: string,
  evidence: DiscoveredTool['evidence'],
  extra: { command?: string; config_file?: string; category?: ToolCategory } = {},
): DiscoveredTool {
  const known = KNOWN_TOOLS[toolId];
  const command = extra.command ?? known?.command;
  return {
    tool_id: toolId,
    category: extra.category ?? known?.category ?? 'other',
    ...(command !== undefined ? { command } : {}),
    ...(extra.config_file !== undefined ? { config_file: extra.config_file } : {}),
    evidence,
  };
}
