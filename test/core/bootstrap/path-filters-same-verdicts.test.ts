// The path filters that run for every file of a repository were made cheaper (issue 19: a cheap test before each
// pattern, one pass instead of four); these properties hold them to the verdicts of the plain patterns they replace,
// kept here as written before.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectStructure } from '../../../src/core/bootstrap/detect-structure.js';
import { mayBeInventory } from '../../../src/core/bootstrap/find-ansible-files.js';
import { wantsContent } from '../../../src/core/bootstrap/wants-content.js';
import { makeSnapshot } from './make-snapshot.js';

const INVENTORY_PATH = /(^|\/)(inventory|hosts)(\.ini|\.ya?ml)?$|(^|\/)inventor(y|ies)\/(.+\/)?[^/.]+(\.ini|\.ya?ml)?$/;

const AT_ROOT = new Set(['pnpm-workspace.yaml', 'tox.ini', 'Makefile', 'makefile', 'GNUmakefile', '.gitlab-ci.yml', 'docs/conf.py']);
const ANY_DEPTH = new Set(['package.json', 'pyproject.toml', 'Chart.yaml', 'kustomization.yaml', 'dbt_project.yml']);
const SKIPPED_DIR = /(^|\/)(node_modules|vendor|third_party|\.venv|venv|dist|build|target|\.terraform)\//;
const depthOf = (path: string) => path.split('/').length - 1;
/** wantsContent as it was, for the names above (the sets themselves are unchanged). */
function wantsContentBefore(path: string): boolean {
  if (SKIPPED_DIR.test(path)) return false;
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (AT_ROOT.has(path) || ANY_DEPTH.has(name)) return true;
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return true;
  if (/^(requirements[^/]*\.txt|requirements\/[^/]+\.txt)$/.test(path)) return true;
  if (name.endsWith('.tf')) return true;
  if (/(^|\/)dags\/[^/]+\.py$/.test(path) && depthOf(path) <= 3) return true;
  if (/\.ya?ml$/.test(name) && !path.startsWith('.github/') && depthOf(path) <= 4) return true;
  if (INVENTORY_PATH.test(path) && depthOf(path) <= 4) return true;
  if (/^(GNUmakefile|makefile|Makefile)$/.test(name) && depthOf(path) <= 3) return true;
  if (path === 'Jenkinsfile' || path === '.circleci/config.yml' || /^azure-pipelines\.ya?ml$/.test(path)) return true;
  return false;
}

const CODE = /\.(py|pyi|js|jsx|mjs|cjs|ts|tsx|go|rs|java|kt|scala|rb|php|cs|c|cc|cpp|h|hpp|swift|m|sh|bash|lua|r|jl|ex|exs|erl|hs|clj|dart|vue|svelte|sql)$/i;
const DOC = /\.(md|mdx|rst|adoc|txt)$/i;
const INFRA = /\.(tf|tfvars|hcl)$|(^|\/)(Chart\.yaml|kustomization\.yaml)$/;
const TEST = /(^|\/)(test_[^/]*\.py|[^/]*_test\.(py|go)|[^/]*\.(test|spec)\.[jt]sx?|conftest\.py)$/;
const BY_NAME: [RegExp, string][] = [
  [/^(tests?|spec|specs|__tests__|e2e|integration[-_]tests?|testing|t)$/i, 'tests'],
  [/^(docs?|documentation|site|website|adrs?|handbook|guides?|manual|book)$/i, 'docs'],
  [/^(infra|infrastructure|terraform|tf|deploy|deployments?|k8s|kubernetes|helm|charts|ansible|playbooks|roles|ops|manifests|environments|cloudformation|pulumi)$/i, 'infra'],
  [/^(\..+|config|configs|conf|etc|settings)$/, 'config'],
  [/^(src|lib|libs|app|apps|packages|pkg|cmd|internal|server|client|frontend|backend|services|api|core|models|dags|sql|macros|migrations|scripts|bin|tools|crates|modules|plugins|components)$/i, 'source'],
];
/** detectStructure as it was (role and deciding rule of each top-level directory): four filters over its files. */
function structureBefore(files: readonly string[]): [string, string, string][] {
  const byDir = new Map<string, string[]>();
  for (const f of files) {
    const slash = f.indexOf('/');
    if (slash <= 0) continue;
    byDir.set(f.slice(0, slash), [...(byDir.get(f.slice(0, slash)) ?? []), f]);
  }
  const roleFromContents = (inDir: readonly string[]) => {
    const share = (re: RegExp) => inDir.filter((f) => re.test(f)).length / inDir.length;
    if (share(TEST) >= 0.3) return 'tests';
    if (share(INFRA) >= 0.3) return 'infra';
    if (share(DOC) >= 0.5) return 'docs';
    if (share(CODE) >= 0.3) return 'source';
    return undefined;
  };
  return [...byDir.keys()].sort().map((dir) => {
    const named = BY_NAME.find(([re]) => re.test(dir));
    const content = roleFromContents(byDir.get(dir)!);
    if (named && !(named[1] === 'source' && content && content !== 'source')) return [dir, named[1], 'structure.name'];
    if (content) return [dir, content, 'structure.contents'];
    return [dir, 'other', 'structure.name'];
  });
}

// Path pieces that reach every branch: the names the patterns look for, their near misses, case variants, the
// Kelvin sign (which lower-cases to an ASCII k that /i does not match) and dots in directory names.
const SEGMENTS = [
  'src', 'lib', 'models', 'tests', 'docs', 'infra', 'config', 'pkg0', 'misc', 'stuff', 'inventory', 'inventories', 'inventor', 'hosts', 'hostsfile', 'hosts.ini',
  'hosts.yml', 'inventory.yaml', 'prod', 'group_vars', 'dags', 'node_modules', 'vendor', 'build', '.github', 'workflows',
  'requirements', 'requirements-dev.txt', 'requirements.txt', 'a.py', 'test_a.py', 'a_test.go', 'a_test.py', 'a.test.ts',
  'a.spec.jsx', 'conftest.py', 'main.tf', 'vars.tfvars', 'x.hcl', 'Chart.yaml', 'kustomization.yaml', 'values.yaml',
  'ci.yml', 'README.md', 'NOTES.TXT', 'a.MD', 'x.Kt', 'x.\u212At', 'y.s\u212Al', 'Makefile', 'makefile', 'GNUmakefile',
  'Jenkinsfile', 'package.json', 'pyproject.toml', 'a.b', 'dir.py', 'file', '.hidden', 'x.sql', 'X.SQL', 'tox.ini',
];
const pathArb = fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('/'));
const roots = ['Jenkinsfile', '.circleci/config.yml', 'azure-pipelines.yml', 'tox.ini', 'docs/conf.py', 'requirements/dev.txt'];

describe('the per-file path filters keep the verdicts of the patterns they replace', () => {
  it('mayBeInventory matches what INVENTORY_PATH matches', () => {
    fc.assert(fc.property(pathArb, (path) => mayBeInventory(path) === INVENTORY_PATH.test(path)), { numRuns: 3000 });
  });

  it('wantsContent wants what it wanted before', () => {
    for (const path of roots) expect(wantsContent(path)).toBe(wantsContentBefore(path));
    fc.assert(fc.property(pathArb, (path) => wantsContent(path) === wantsContentBefore(path)), { numRuns: 3000 });
  });

  it('detectStructure gives each directory the role and the rule it gave before', () => {
    fc.assert(
      fc.property(fc.array(pathArb, { minLength: 1, maxLength: 40 }), (paths) => {
        const files = [...new Set(paths)].sort();
        const found = detectStructure(makeSnapshot(Object.fromEntries(files.map((f) => [f, '']))));
        expect(found.map((d) => [d.path, d.role, d.evidence[0]?.detector])).toEqual(structureBefore(files));
      }),
      { numRuns: 1000 },
    );
  });
});
