import { isAnsiblePath, mayBeInventory } from './find-ansible-files.js';
import { baseName } from './repo-snapshot.js';

/** Manifests and configuration files the detectors read wherever they are. */
const ANY_DEPTH = new Set([
  'package.json',
  'pyproject.toml',
  'Cargo.toml',
  'go.mod',
  'project.json',
  'Chart.yaml',
  'kustomization.yaml',
  'dbt_project.yml',
]);

/** Files the detectors read at the repository root only. */
const AT_ROOT = new Set([
  'pnpm-workspace.yaml',
  'lerna.json',
  'nx.json',
  'turbo.json',
  'go.work',
  'setup.cfg',
  'tox.ini',
  'tox.toml',
  'noxfile.py',
  'pytest.ini',
  '.flake8',
  'mypy.ini',
  '.pylintrc',
  'pylintrc',
  'ansible.cfg',
  'mkdocs.yml',
  'mkdocs.yaml',
  '.editorconfig',
  '.pre-commit-config.yaml',
  '.pre-commit-config.yml',
  'Makefile',
  'makefile',
  'GNUmakefile',
  'ruff.toml',
  '.ruff.toml',
  '.prettierrc',
  '.prettierrc.json',
  '.prettierrc.yml',
  '.prettierrc.yaml',
  '.eslintrc',
  '.eslintrc.json',
  '.eslintrc.yml',
  '.eslintrc.yaml',
  '.gitlab-ci.yml',
  'docs/conf.py',
  'doc/conf.py',
]);

/** Directories whose contents never describe the project (vendored code, dependencies, build output). */
const SKIPPED_DIR = /(^|\/)(node_modules|vendor|third_party|\.venv|venv|dist|build|target|\.terraform)\//;

const DOC_EXT = /\.(md|mdx|markdown|rst|adoc|asciidoc|txt)$/i;
const SQL_EXT = /\.sql$/i;

/** Depth of a path (0 at the root). */
export const depthOf = (path: string) => path.split('/').length - 1;

/** Whether a detector needs the text of `path`. YAML files are read for Kubernetes and Ansible. */
export function wantsContent(path: string): boolean {
  // This runs for every file: the cheap tests come first, and the directories are checked only for a file that would
  // be read.
  return isWanted(path) && !SKIPPED_DIR.test(path);
}

const MAKEFILES = new Set(['GNUmakefile', 'makefile', 'Makefile']);

/** wantsContent without the skipped directories; each pattern is tried only on the names it can match. */
function isWanted(path: string): boolean {
  const name = baseName(path);
  if (AT_ROOT.has(path) || ANY_DEPTH.has(name)) return true;
  const yaml = name.endsWith('.yml') || name.endsWith('.yaml');
  if (yaml && path.startsWith('.github/workflows/') && /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return true;
  if (path.startsWith('requirements') && /^(requirements[^/]*\.txt|requirements\/[^/]+\.txt)$/.test(path)) return true;
  if (name.endsWith('.tf')) return true;
  if (name.endsWith('.py') && /(^|\/)dags\/[^/]+\.py$/.test(path) && depthOf(path) <= 3) return true;
  if (yaml && !path.startsWith('.github/') && depthOf(path) <= 4) return true;
  if (mayBeInventory(path) && depthOf(path) <= 4) return true;
  if (MAKEFILES.has(name) && depthOf(path) <= 3) return true; // make -C dir
  if (path === 'Jenkinsfile' || path === '.circleci/config.yml' || /^azure-pipelines\.ya?ml$/.test(path)) return true;
  return false;
}

/** The extensions (lower-cased) that SQL_EXT, DOC_EXT and isAnsiblePath (YAML only) can match. */
const SIZED_EXT = new Set(['sql', 'yml', 'yaml', 'md', 'mdx', 'markdown', 'rst', 'adoc', 'asciidoc', 'txt']);

/** Whether the size of `path` matters to the profile selector (documentation, SQL and Ansible bytes). */
export function wantsSize(path: string): 'doc' | 'sql' | 'ansible' | undefined {
  // Runs for every file, twice: most files are ruled out by their extension before any regex.
  const dot = path.lastIndexOf('.');
  if (dot < 0 || !SIZED_EXT.has(path.slice(dot + 1).toLowerCase())) return undefined;
  if (SKIPPED_DIR.test(path)) return undefined;
  if (SQL_EXT.test(path)) return 'sql';
  if (isAnsiblePath(path)) return 'ansible';
  if (DOC_EXT.test(path) && !/(^|\/)(LICENSE|COPYING|requirements[^/]*)\.txt$/i.test(path)) return 'doc';
  return undefined;
}
