/** Dependencies that name a framework (the framework's name) or a tool (its tool id). */
const FRAMEWORKS: Readonly<Record<string, string>> = {
  django: 'django',
  flask: 'flask',
  fastapi: 'fastapi',
  starlette: 'starlette',
  'dbt-core': 'dbt',
  'apache-airflow': 'airflow',
  dagster: 'dagster',
  prefect: 'prefect',
  luigi: 'luigi',
  pyspark: 'spark',
  sqlalchemy: 'sqlalchemy',
  alembic: 'alembic',
  streamlit: 'streamlit',
  pydantic: 'pydantic',
  'sphinx': 'sphinx',
  mkdocs: 'mkdocs',
  'mkdocs-material': 'mkdocs',
  react: 'react',
  next: 'next',
  vue: 'vue',
  nuxt: 'nuxt',
  svelte: 'svelte',
  '@angular/core': 'angular',
  express: 'express',
  fastify: 'fastify',
  '@nestjs/core': 'nestjs',
  electron: 'electron',
  '@docusaurus/core': 'docusaurus',
  vitepress: 'vitepress',
  probot: 'probot',
};

const TOOLS: Readonly<Record<string, string>> = {
  pytest: 'pytest',
  ruff: 'ruff',
  black: 'black',
  isort: 'isort',
  flake8: 'flake8',
  pylint: 'pylint',
  mypy: 'mypy',
  pyright: 'pyright',
  tox: 'tox',
  nox: 'nox',
  'pre-commit': 'pre-commit',
  sqlfluff: 'sqlfluff',
  jest: 'jest',
  vitest: 'vitest',
  mocha: 'mocha',
  '@playwright/test': 'playwright',
  eslint: 'eslint',
  prettier: 'prettier',
  typescript: 'typescript',
  '@biomejs/biome': 'biome',
  'markdownlint-cli': 'markdownlint',
  'markdownlint-cli2': 'markdownlint',
  'ansible-lint': 'ansible-lint',
  yamllint: 'yamllint',
  codespell: 'codespell',
};

/** The package name of a requirement such as `Django>=4.2; python_version>"3.8"` or `ruff[extra]==0.5`. */
export function requirementName(spec: string): string {
  return (/^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(spec)?.[1] ?? '').toLowerCase().replace(/_/g, '-');
}

/** The version part of a requirement, when it has one. */
export function requirementVersion(spec: string): string | undefined {
  const v = /^\s*[A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]*\])?\s*([<>=!~^][^;]*)/.exec(spec)?.[1]?.trim();
  return v || undefined;
}

/** What a dependency tells about the project: a framework, a tool, or nothing. */
export function classifyDependency(name: string): { framework?: string; tool?: string } {
  const key = name.toLowerCase();
  const framework = FRAMEWORKS[key] ?? (key.startsWith('dbt-') ? 'dbt' : undefined);
  const tool = TOOLS[key];
  return { ...(framework !== undefined ? { framework } : {}), ...(tool !== undefined ? { tool } : {}) };
}
