import { parseDocument, isMap, isSeq, type Node } from 'yaml';
import { emptyFindings, type Findings } from './findings.js';
import { knownTool } from './known-tools.js';
import { lineAt, makeEvidence } from './make-evidence.js';

export interface PrecommitHook {
  readonly id: string;
  readonly line: number;
  /** The tool the hook runs, when it is a known one. */
  readonly toolId?: string;
  /** The check command equivalent to the hook: the known tool's, a local hook's entry, or `pre-commit run <id>`. */
  readonly command: string;
}

/** Hook ids of well-known pre-commit repositories, and the tool and check command each stands for. */
const HOOKS: Readonly<Record<string, { tool: string; command?: string }>> = {
  ruff: { tool: 'ruff' },
  'ruff-check': { tool: 'ruff' },
  'ruff-format': { tool: 'ruff-format' },
  black: { tool: 'black' },
  'black-jupyter': { tool: 'black' },
  flake8: { tool: 'flake8' },
  isort: { tool: 'isort' },
  mypy: { tool: 'mypy' },
  pylint: { tool: 'pylint' },
  eslint: { tool: 'eslint' },
  prettier: { tool: 'prettier' },
  markdownlint: { tool: 'markdownlint' },
  'markdownlint-cli2': { tool: 'markdownlint', command: 'markdownlint-cli2 "**/*.md"' },
  yamllint: { tool: 'yamllint' },
  codespell: { tool: 'codespell' },
  terraform_fmt: { tool: 'terraform', command: 'terraform fmt -check -recursive' },
  terraform_validate: { tool: 'terraform', command: 'terraform validate' },
  terraform_tflint: { tool: 'tflint' },
  'golangci-lint': { tool: 'golangci-lint' },
  'sqlfluff-lint': { tool: 'sqlfluff' },
  'ansible-lint': { tool: 'ansible-lint' },
  'shellcheck': { tool: 'shellcheck' },
  fmt: { tool: 'rustfmt' },
  clippy: { tool: 'clippy' },
};

export const PRECOMMIT_FILES = ['.pre-commit-config.yaml', '.pre-commit-config.yml'];

/** The hooks of a pre-commit configuration, in file order. Invalid YAML gives no hooks. */
export function parsePrecommit(text: string): PrecommitHook[] {
  const doc = parseDocument(text);
  if (doc.errors.length) return [];
  const repos = doc.get('repos', true) as Node | undefined;
  const hooks: PrecommitHook[] = [];
  for (const repo of isSeq(repos) ? repos.items : []) {
    const list = isMap(repo) ? repo.get('hooks', true) : undefined;
    for (const hook of isSeq(list) ? list.items : []) {
      if (!isMap(hook)) continue;
      const rawId = hook.get('id');
      const id = typeof rawId === 'string' ? rawId : '';
      if (!id) continue;
      const line = lineAt(text, hook.range?.[0] ?? 0);
      const known = HOOKS[id];
      const entry = hook.get('entry');
      const local = isMap(repo) && repo.get('repo') === 'local' && typeof entry === 'string' && hook.get('language') === 'system';
      const command = local ? entry : known ? (known.command ?? knownTool(known.tool, []).command) : undefined;
      hooks.push({
        id,
        line,
        ...(known ? { toolId: known.tool } : {}),
        command: command ?? `pre-commit run ${id} --all-files`,
      });
    }
  }
  return hooks;
}

/** pre-commit itself, and each known tool its hooks run, as discovered tools. */
export function detectPrecommit(file: string, text: string): Findings {
  const found = emptyFindings();
  const hooks = parsePrecommit(text);
  const error = parseDocument(text).errors[0];
  if (error) found.warnings.push(`${file}: not valid YAML (${error.message.split('\n')[0] ?? 'parse error'}); its hooks were not read`);
  const ids = hooks.map((h) => h.id);
  found.tools.push(
    knownTool('pre-commit', [makeEvidence(file, 'pre-commit.config', `hooks: ${ids.join(', ') || 'none'}`)], {
      config_file: file,
    }),
  );
  for (const hook of hooks) {
    if (!hook.toolId) continue;
    const evidence = [makeEvidence(file, 'pre-commit.hook', `hook ${hook.id} runs ${hook.toolId}`, hook.line)];
    found.tools.push(knownTool(hook.toolId, evidence, { command: hook.command }));
  }
  return found;
}
