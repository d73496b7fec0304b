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

const INFRA = /\.(tf|tfvars|hcl)$|(^|\/)(Chart\.yaml|kustomization\.yaml)$/;
const TEST = /(^|\/)(test_[^/]*\.py|[^/]*_test\.(py|go)|[^/]*\.(test|spec)\.[jt]sx?|conftest\.py)$/;
/**
 * Source and documentation files by extension, as /\.(py|...)$/i would match them: a path matches iff what follows
 * its last dot, lower-cased, is in the set (non-ASCII letters never match ASCII ones under /i, so only ASCII is
 * lower-cased).
 */
const CODE_EXT = new Set('py pyi js jsx mjs cjs ts tsx go rs java kt scala rb php cs c cc cpp h hpp swift m sh bash lua r jl ex exs erl hs clj dart vue svelte sql'.split(' '));
const DOC_EXT = new Set('md mdx rst adoc txt'.split(' '));
/** An extension with any other character matches no listed one, lower-cased or not. */
const NOT_PRINTABLE_ASCII = /[^ -~]/;
/** The extensions a TEST name can end with: the other paths are not tested against it. */
const TEST_EXT = new Set(['py', 'go', 'js', 'jsx', 'ts', 'tsx']);

/**
 * How many of a directory's files each rule matches (TEST, INFRA, documentation and source extensions), counted in
 * one pass: the directories of a large repository hold tens of thousands of files.
 */
function countKinds(files: readonly string[]): { test: number; infra: number; doc: number; code: number } {
  let test = 0;
  let infra = 0;
  let doc = 0;
  let code = 0;
  for (const f of files) {
    const dot = f.lastIndexOf('.');
    // The text after the last dot: CODE, DOC and the extension part of INFRA end in a dot-free word.
    const ext = dot < 0 ? '' : f.slice(dot + 1);
    const lower = NOT_PRINTABLE_ASCII.test(ext) ? ext : ext.toLowerCase();
    if (TEST_EXT.has(ext) && TEST.test(f)) test++;
    if (ext === 'tf' || ext === 'tfvars' || ext === 'hcl' || (ext === 'yaml' && INFRA.test(f))) infra++;
    if (DOC_EXT.has(lower)) doc++;
    if (CODE_EXT.has(lower)) code++;
  }
  return { test, infra, doc, code };
}

/** The role of a directory from its contents, when they say something clearly (half or more of its files). */
function roleFromContents(files: readonly string[]): [Role, string] | undefined {
  const n = countKinds(files);
  const share = (count: number) => count / files.length;
  if (share(n.test) >= 0.3) return ['tests', 'test files'];
  if (share(n.infra) >= 0.3) return ['infra', 'Terraform, Helm or Kustomize files'];
  if (share(n.doc) >= 0.5) return ['docs', 'documentation files'];
  if (share(n.code) >= 0.3) return ['source', 'source files'];
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
    // The contents matter only without a name, or against a generic source name.
    const content = !named || named[1] === 'source' ? roleFromContents(files) : undefined;
    // Contents win over a generic source name (a models/ of SQL is still source; an infra-only modules/ is infra).
    if (named && !(named[1] === 'source' && content && content[0] !== 'source'))
      return { path: dir, role: named[1], evidence: [makeEvidence(dir, 'structure.name', `${dir} is named like a ${named[1]} directory`)] };
    if (content)
      return { path: dir, role: content[0], evidence: [makeEvidence(dir, 'structure.contents', `${dir} holds mostly ${content[1]} (${plural(files.length, 'file')})`)] };
    return { path: dir, role: 'other', evidence: [makeEvidence(dir, 'structure.name', `${dir}: neither its name nor its ${plural(files.length, 'file')} tell its role`)] };
  });
}
