import { emptyFindings, type Findings } from './findings.js';
import { knownTool } from './known-tools.js';
import { makeEvidence } from './make-evidence.js';
import type { RepoSnapshot } from './repo-snapshot.js';

/** Configuration files at the root, by name, and the tool each configures. */
const CONFIG_FILES: [RegExp, string][] = [
  [/^mkdocs\.ya?ml$/, 'mkdocs'],
  [/^docusaurus\.config\.(js|cjs|mjs|ts)$/, 'docusaurus'],
  [/^jest\.config\.(js|cjs|mjs|ts|json)$/, 'jest'],
  [/^vitest\.config\.(js|cjs|mjs|ts|mts)$/, 'vitest'],
  [/^\.mocharc(\.(js|cjs|json|ya?ml))?$/, 'mocha'],
  [/^playwright\.config\.(js|ts)$/, 'playwright'],
  [/^(\.eslintrc(\.(js|cjs|json|ya?ml))?|eslint\.config\.(js|cjs|mjs|ts|mts))$/, 'eslint'],
  [/^(\.prettierrc(\.(js|cjs|mjs|json|json5|ya?ml|toml))?|prettier\.config\.(js|cjs|mjs|ts))$/, 'prettier'],
  [/^biome\.jsonc?$/, 'biome'],
  [/^tsconfig\.json$/, 'typescript'],
  [/^\.?ruff\.toml$/, 'ruff'],
  [/^\.golangci\.(ya?ml|toml|json)$/, 'golangci-lint'],
  [/^(\.markdownlint(\.(json|jsonc|ya?ml))?|\.markdownlintrc|\.markdownlint-cli2\.(jsonc|ya?ml|cjs|mjs))$/, 'markdownlint'],
  [/^\.yamllint(\.ya?ml)?$/, 'yamllint'],
  [/^\.sqlfluff$/, 'sqlfluff'],
  [/^(rustfmt|\.rustfmt)\.toml$/, 'rustfmt'],
  [/^clippy\.toml$/, 'clippy'],
  [/^conftest\.py$/, 'pytest'],
  [/^\.codespellrc$/, 'codespell'],
];

/**
 * Tools recognised by their configuration files at the root (test runners, linters, formatters, docs generators:
 * jest, vitest, eslint, prettier, ruff, golangci-lint, markdownlint, mkdocs, docusaurus, ...), Sphinx by
 * docs/conf.py, Go by go.mod and Rust by Cargo.toml (with their package managers and test commands).
 */
export function detectConfigFiles(snapshot: RepoSnapshot): Findings {
  const found = emptyFindings();
  for (const file of snapshot.files) {
    if (file.includes('/')) continue;
    const hit = CONFIG_FILES.find(([re]) => re.test(file));
    if (hit) found.tools.push(knownTool(hit[1], [makeEvidence(file, 'config-file', `${file} configures ${hit[1]}`)], { config_file: file }));
  }
  for (const conf of ['docs/conf.py', 'doc/conf.py', 'docs/source/conf.py']) {
    const text = snapshot.contents.get(conf) ?? (snapshot.files.includes(conf) ? '' : undefined);
    if (text === undefined) continue;
    const dir = conf.slice(0, conf.lastIndexOf('/'));
    const ev = [makeEvidence(conf, 'sphinx.conf', `${conf} configures Sphinx${/extensions|sphinx/.test(text) ? '' : ' (by its name)'}`)];
    found.tools.push(knownTool('sphinx', ev, { command: `sphinx-build -W -b html ${dir} ${dir}/_build/html`, config_file: conf }));
    found.frameworks.push({ name: 'sphinx', evidence: ev });
    break;
  }
  for (const tool of ['mkdocs', 'docusaurus']) {
    const t = found.tools.find((x) => x.tool_id === tool);
    if (t) found.frameworks.push({ name: tool, evidence: t.evidence });
  }
  if (snapshot.files.includes('go.mod')) {
    const ev = [makeEvidence('go.mod', 'go.module', 'go.mod defines a Go module')];
    found.packageManagers.push({ name: 'go', ...(snapshot.files.includes('go.sum') ? { lockfile: 'go.sum' } : {}), evidence: ev });
    found.tools.push(knownTool('go-test', ev));
  }
  if (snapshot.files.includes('Cargo.toml')) {
    const ev = [makeEvidence('Cargo.toml', 'cargo.manifest', 'Cargo.toml defines a Rust package or workspace')];
    found.packageManagers.push({ name: 'cargo', ...(snapshot.files.includes('Cargo.lock') ? { lockfile: 'Cargo.lock' } : {}), evidence: ev });
    found.tools.push(knownTool('cargo-test', ev));
  }
  return found;
}
