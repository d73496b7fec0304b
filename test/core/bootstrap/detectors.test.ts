import { describe, expect, it } from 'vitest';
import { buildDiscovery } from '../../../src/core/bootstrap/build-discovery.js';
import type { LanguageScan } from '../../../src/core/bootstrap/language-scanner.js';
import { validateDocument } from '../../../src/core/contracts/index.js';
import { makeSnapshot } from './make-snapshot.js';

const noLanguages: LanguageScan = { languages: [], languages_source_only: [], totals: { files_scanned: 0, files_counted: 0, bytes_counted: 0 }, evidence: [] };
const discover = (files: Record<string, string>, extra = {}) =>
  buildDiscovery({ root: '.', snapshot: makeSnapshot(files, extra), languages: noLanguages, generatedAt: '2025-11-20T10:00:00Z', generator: { name: 'uet', version: '0.1.0' } });
const tool = (d: ReturnType<typeof discover>['discovery'], id: string) => d.tools.find((t) => t.tool_id === id);

describe('detectors', () => {
  it('package.json: package manager (package-manager-detector), frameworks, tools and scripts', () => {
    const { discovery: d, context } = discover(
      { 'package.json': JSON.stringify({ name: 'web', scripts: { test: 'vitest run', lint: 'eslint .', typecheck: 'tsc --noEmit', build: 'vite build', dev: 'vite' }, dependencies: { react: '^18.0.0' }, devDependencies: { vitest: '1', eslint: '9', prettier: '3' } }), 'pnpm-lock.yaml': '' },
      { nodeAgent: { name: 'pnpm', agent: 'pnpm', lockfile: 'pnpm-lock.yaml' } },
    );
    expect(d.package_managers).toMatchObject([{ name: 'pnpm', lockfile: 'pnpm-lock.yaml' }]);
    expect(d.frameworks.map((f) => f.name)).toEqual(['react']);
    expect(tool(d, 'pnpm-test')).toMatchObject({ category: 'test_runner', command: 'pnpm test' });
    expect(tool(d, 'pnpm-lint')?.command).toBe('pnpm lint');
    expect(tool(d, 'pnpm-typecheck')?.category).toBe('typechecker');
    expect(tool(d, 'pnpm-dev')).toBeUndefined();
    expect(tool(d, 'prettier')?.category).toBe('formatter');
    expect(context.projectName).toBe('web');
  });

  it('pyproject.toml: [tool.*] sections, managers, line length, dependencies; setup.cfg, tox, nox, requirements', () => {
    const { discovery: d, context } = discover({
      'pyproject.toml': '[project]\nname = "acme"\ndependencies = ["Django>=4.2", "apache-airflow==2.9"]\n[tool.pytest.ini_options]\naddopts = "-q"\n[tool.ruff]\nline-length = 100\n[tool.ruff.format]\n[tool.mypy]\n[tool.black]\nline-length = 88\n[tool.isort]\n[tool.poetry]\n[tool.hatch]\n[tool.uv]\n',
      'setup.cfg': '[flake8]\nmax-line-length = 120\n',
      'tox.ini': '[tox]\nenvlist = py\n',
      'noxfile.py': '@nox.session\ndef tests(session):\n    session.run("pytest")\n',
      'requirements-dev.txt': '# dev\nfastapi>=0.110\n-e .\n',
      'uv.lock': '',
    });
    for (const id of ['pytest', 'ruff', 'ruff-format', 'mypy', 'black', 'isort', 'flake8', 'tox', 'nox']) expect(tool(d, id), id).toBeDefined();
    expect(d.package_managers.map((p) => p.name)).toEqual(['hatch', 'poetry', 'uv']);
    expect(d.frameworks.map((f) => f.name)).toEqual(['airflow', 'django', 'fastapi']);
    expect(d.inferred_constraints.map((c) => c.constraints.max_line_length)).toEqual([100, 88, 120]);
    expect(d.inferred_constraints[0]?.evidence[0]).toMatchObject({ file: 'pyproject.toml', detector: 'ruff.config' });
    expect(context.projectName).toBe('acme');
  });

  it('invalid TOML, JSON and YAML become warnings, not failures', () => {
    const { discovery: d } = discover({ 'pyproject.toml': '[tool.ruff\n', 'package.json': '{', '.github/workflows/ci.yml': 'jobs: [\n' });
    const warnings = d.warnings?.join('\n') ?? '';
    for (const re of [/pyproject.toml: not valid TOML/, /package.json: not valid JSON/, /ci.yml: not valid YAML/]) expect(warnings).toMatch(re);
  });

  it('a pre-commit configuration that is not valid YAML is a warning naming it, like invalid CI files', () => {
    const { discovery: d } = discover({ '.pre-commit-config.yaml': 'repos:\n  - repo: local\n    hooks: [\n' });
    expect(d.warnings).toEqual([expect.stringMatching(/^\.pre-commit-config\.yaml: not valid YAML \(.+\); its hooks were not read$/)]);
    expect(tool(d, 'pre-commit')?.evidence[0]?.conclusion).toBe('hooks: none');
  });

  it('pre-commit hook ids become tools', () => {
    const { discovery: d } = discover({ '.pre-commit-config.yaml': 'repos:\n  - repo: https://github.com/psf/black\n    rev: 24.1.0\n    hooks:\n      - id: black\n  - repo: https://github.com/pre-commit/mirrors-mypy\n    rev: v1\n    hooks:\n      - id: mypy\n' });
    expect(tool(d, 'pre-commit')?.evidence[0]?.conclusion).toBe('hooks: black, mypy');
    expect(tool(d, 'black')?.evidence[0]).toMatchObject({ detector: 'pre-commit.hook', line: 5 });
  });

  it('Terraform providers, Helm charts, Ansible, Kubernetes manifests, dbt', () => {
    const { discovery: d } = discover({
      'infra/main.tf': 'terraform {\n  required_version = ">= 1.6"\n  required_providers {\n    aws = {\n      source = "hashicorp/aws"\n    }\n  }\n}\nprovider "google" {}\n',
      'charts/api/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 0.3.0\n',
      'ansible.cfg': '[defaults]\n',
      'playbooks/site.yml': '- hosts: all\n  tasks: []\n',
      'k8s/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: api}\n',
      'dbt_project.yml': 'name: shop\n',
    });
    const names = d.frameworks.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['terraform', 'terraform-provider-aws', 'terraform-provider-google', 'helm', 'ansible', 'kubernetes', 'dbt']));
    expect(d.frameworks.find((f) => f.name === 'terraform')?.version).toBe('>= 1.6');
    expect(d.frameworks.find((f) => f.name === 'kubernetes')?.evidence[0]?.conclusion).toContain('Deployment, Service');
    expect(tool(d, 'helm')?.command).toBe('helm lint charts/api');
  });

  it('docs generators, test runners and linters by their configuration files; Go and Cargo', () => {
    const { discovery: d } = discover({ 'mkdocs.yml': 'site_name: x\n', 'docs/conf.py': 'extensions = []\n', 'jest.config.js': '', 'eslint.config.js': '', '.prettierrc': '{}', '.golangci.yml': '', '.markdownlint.json': '{}', 'go.mod': 'module example.com/x\n', 'Cargo.toml': '[package]\nname = "x"\n' });
    for (const id of ['mkdocs', 'sphinx', 'jest', 'eslint', 'prettier', 'golangci-lint', 'markdownlint', 'go-test', 'cargo-test']) expect(tool(d, id), id).toBeDefined();
    expect(d.package_managers.map((p) => p.name)).toEqual(['cargo', 'go']);
  });

  it('.editorconfig and eslint max-len become line-length constraints', () => {
    const { discovery: d } = discover({ '.editorconfig': 'root = true\n[*]\nmax_line_length = 110\n[*.md]\nmax_line_length = off\n', '.eslintrc.json': '{"rules": {"max-len": ["error", {"code": 90}]}}' });
    expect(d.inferred_constraints.map((c) => [c.evidence[0]?.file, c.constraints.max_line_length])).toEqual([['.editorconfig', 110], ['.eslintrc.json', 90]]);
  });

  it('structure: top-level directories by name and by contents; workspaces', () => {
    const { discovery: d } = discover({
      'package.json': JSON.stringify({ workspaces: ['packages/*'] }),
      'packages/a/package.json': '{"name":"@x/a"}',
      'packages/b/package.json': '{"name":"@x/b"}',
      'docs/index.md': '# x',
      'tests/test_a.py': '',
      'deploy/main.tf': '',
      'stuff/x.py': '',
      'stuff/y.py': '',
      '.github/workflows/ci.yml': 'on: push\n',
      'assets/logo.png': '',
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
      'crates/core/Cargo.toml': '[package]\nname = "core"\n',
      'go.work': 'go 1.22\nuse (\n  ./svc\n)\n',
      'svc/go.mod': 'module example.com/svc\n',
    });
    const roles = Object.fromEntries(d.structure.directories.map((x) => [x.path, x.role]));
    expect(roles).toMatchObject({ docs: 'docs', tests: 'tests', deploy: 'infra', stuff: 'source', '.github': 'config', packages: 'source', assets: 'other' });
    expect(d.structure.directories.find((x) => x.path === 'stuff')?.evidence[0]?.detector).toBe('structure.contents');
    expect(d.structure.workspaces.map((w) => [w.path, w.name])).toEqual([['crates/core', 'core'], ['packages/a', '@x/a'], ['packages/b', '@x/b'], ['svc', 'example.com/svc']]);
  });

  it('CI: GitHub workflow run commands, classified and unwrapped, with evidence lines; tests_must_pass inferred', () => {
    const { discovery: d } = discover({
      'tox.ini': '[testenv:lint]\ncommands = ruff check .\n',
      'Makefile': 'test:\n\tpytest -q\n',
      '.github/workflows/ci.yml': 'name: CI\non: push\njobs:\n  ci:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: pip install tox\n      - run: tox -e lint\n      - run: |\n          make test\n          uv run mypy src\n      - uses: pre-commit/action@v3.0.1\n      - run: pytest -k ${{ matrix.k }}\n        working-directory: api\n',
    });
    const w = d.ci.workflows[0]!;
    expect(d.ci.provider).toBe('github_actions');
    expect(w.commands.map((c) => [c.kind, c.command, c.wrapped_by ?? ''])).toEqual([
      ['other', 'pip install tox', ''],
      ['lint', 'ruff check .', 'tox -e lint'],
      ['test', 'pytest -q', 'make test'],
      ['typecheck', 'mypy src', 'uv run mypy src'],
      ['lint', 'pre-commit run --all-files', ''],
      ['test', 'cd api && pytest -k ${{ matrix.k }}', ''],
    ]);
    expect(w.commands[2]?.evidence.map((e) => [e.file, e.line])).toEqual([['.github/workflows/ci.yml', 11], ['Makefile', 1]]);
    expect(d.inferred_constraints).toContainEqual(expect.objectContaining({ constraints: { tests_must_pass: true } }));
    expect(validateDocument('bootstrap_discovery', d)).toMatchObject({ ok: true });
  });
});
