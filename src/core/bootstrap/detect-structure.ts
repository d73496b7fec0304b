import { plural } from '../plural.js';
import type { DiscoveredDirectory } from '../contracts/index.js';
import { makeEvidence } from './make-evidence.js';
import type { RepoSnapshot } from './repo-snapshot.js';

type Role = DiscoveredDirectory['role'];

/** Directory names and the role each usually has. */
const BY_NAME: [RegExp, Role][] = [
  [/^(tests?|spec|specs|__tests__|e2e|integration[-_]tests?|testing|t)$/i, 'tests'],
  [/^(docs?|documentation|site|website|adrs?|handbook|guides?|manual|book)$/i, 'docs'],
  [/^(infra|infrastructure|terraform|tf|deploy|deployments?|k8s|kubernetes|helm|charts|ansible|playbooks|roles|ops|manifests|environments|cloudformation|pulumi)$/i, 'infra'],
  [/^(\..+|config|configs|conf|etc|settings)$/, 'config'],
  [/^(src|lib|libs|app|apps|packages|pkg|cmd|internal|server|client|frontend|backend|services|api|core|models|dags|sql|macros|migrations|scripts|bin|tools|crates|modules|plugins|components)$/i, 'source'],
];

const CODE = /\.(py|pyi|js|jsx|mjs|cjs|ts|tsx|go|rs|java|kt|scala|rb|php|cs|c|cc|cpp|h|hpp|swift|m|sh|bash|lua|r|jl|ex|exs|erl|hs|clj|dart|vue|svelte|sql)$/i;
const DOC = /\.(md|mdx|rst|adoc|txt)$/i;
const INFRA = /\.(tf|tfvars|hcl)$|(^|\/)(Chart\.yaml|kustomization\.yaml)$/;
const TEST = /(^|\/)(test_[^/]*\.py|[^/]*_test\.(py|go)|[^/]*\.(test|spec)\.[jt]sx?|conftest\.py)$/;

/** The role of a directory from its contents, when they say something clearly (half or more of its files). */
function roleFromContents(files: readonly string[]): [Role, string] | undefined {
  const share = (re: RegExp) => files.filter((f) => re.test(f)).length / files.length;
  if (share(TEST) >= 0.3) return ['tests', 'test files'];
  if (share(INFRA) >= 0.3) return ['infra', 'Terraform, Helm or Kustomize files'];
  if (share(DOC) >= 0.5) return ['docs', 'documentation files'];
  if (share(CODE) >= 0.3) return ['source', 'source files'];
  return undefined;
}

/**
 * The top-level directories with their role (source, tests, docs, infra, config or other): by their name first,
 * then by their contents; each with the rule that decided it.
 */
export function detectStructure(snapshot: RepoSnapshot): DiscoveredDirectory[] {
  const byDir = new Map<string, string[]>();
  for (const f of snapshot.files) {
    const slash = f.indexOf('/');
    if (slash <= 0) continue;
    const dir = f.slice(0, slash);
    const files = byDir.get(dir);
    if (files) files.push(f);
    else byDir.set(dir, [f]);
  }
  return [...byDir.keys()].sort().map((dir) => {
    const files = byDir.get(dir) ?? [];
    const named = BY_NAME.find(([re]) => re.test(dir));
    const content = roleFromContents(files);
    // Contents win over a generic source name (a models/ of SQL is still source; an infra-only modules/ is infra).
    if (named && !(named[1] === 'source' && content && content[0] !== 'source'))
      return { path: dir, role: named[1], evidence: [makeEvidence(dir, 'structure.name', `${dir} is named like a ${named[1]} directory`)] };
    if (content)
      return { path: dir, role: content[0], evidence: [makeEvidence(dir, 'structure.contents', `${dir} holds mostly ${content[1]} (${plural(files.length, 'file')})`)] };
    return { path: dir, role: 'other', evidence: [makeEvidence(dir, 'structure.name', `${dir}: neither its name nor its ${plural(files.length, 'file')} tell its role`)] };
  });
}
