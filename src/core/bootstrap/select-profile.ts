import type { BootstrapDiscovery, ProfileCandidate } from '../contracts/index.js';
import type { RepoSignals } from './compute-signals.js';
import { getLanguageIndex } from './languages/get-language-index.js';

export interface ProfileSelection {
  /** chosen: profileId is the answer. needs_human: the best two are too close, or the best is too weak. */
  readonly status: 'chosen' | 'needs_human';
  readonly profileId: string;
  readonly confidence: number;
  /** The branches of the decision tree taken, in order. */
  readonly reasons: readonly string[];
  /** Every profile considered, best first. */
  readonly candidates: readonly ProfileCandidate[];
}

export interface SelectOptions {
  /** A profile chosen by a person (--profile): it wins, and the reasons say so. */
  readonly forced?: string;
  /** The smallest lead over the runner-up that still counts as a decision. Default 0.15. */
  readonly margin?: number;
  /** The smallest confidence that counts as a decision. Default 0.4. */
  readonly minConfidence?: number;
}

const SQL_LANGS = ['PLpgSQL', 'PLSQL', 'TSQL', 'SQLPL', 'SQL'];
const ORCHESTRATORS = ['airflow', 'dagster', 'prefect', 'luigi'];
const INFRA_KINDS = ['terraform', 'helm', 'ansible', 'kubernetes', 'kustomize'];
const DOCS_GENERATORS = ['mkdocs', 'sphinx', 'docusaurus'];
/** Linguist's prose languages (Markdown, reStructuredText, AsciiDoc, ...): documentation even when counted. */
let proseNames: ReadonlySet<string> | undefined;
const isProse = (language: string) =>
  (proseNames ??= new Set(getLanguageIndex().languages.filter((l) => l.type === 'prose').map((l) => l.name))).has(language);
const round = (n: number) => Math.round(Math.min(0.99, Math.max(0, n)) * 100) / 100;
const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

/**
 * Chooses a profile from the discovery with the decision tree of docs/bootstrap.md: nothing to go on → generic
 * (needs a human); documentation (prose included) ≥ 80% of the content → documentation; otherwise scores over
 * the source code (tests excluded): data-pipeline (SQL share, dbt, orchestrators), operations (HCL and Ansible
 * shares, infra kinds),
 * software-dev-python (Python share), generic (what the others leave). The best wins unless the runner-up is
 * within `margin` or the best is under `minConfidence`: then needs_human. Pure.
 */
export function selectProfile(discovery: BootstrapDiscovery, signals: RepoSignals, options: SelectOptions = {}): ProfileSelection {
  const margin = options.margin ?? 0.15;
  const minConfidence = options.minConfidence ?? 0.4;
  const frameworks = new Set(discovery.frameworks.map((f) => f.name));
  const bytesOf = (names: readonly string[]) => discovery.languages_source_only.filter((l) => names.includes(l.language)).reduce((s, l) => s + l.bytes, 0);
  // Prose counts only when .gitattributes makes it (linguist-detectable): it is still documentation, which the
  // documentation files' bytes already hold (the larger of the two is kept, for prose in other files).
  const prose = discovery.languages_source_only.filter((l) => isProse(l.language));
  const proseBytes = prose.reduce((s, l) => s + l.bytes, 0);
  const docBytes = Math.max(signals.docBytes, proseBytes);
  // Ansible's playbooks, roles and inventories are infrastructure code that Linguist counts as data (YAML, INI).
  const codeBytes = discovery.languages_source_only.reduce((s, l) => s + l.bytes, 0) - proseBytes + signals.sqlBytes + signals.ansibleBytes;
  const content = codeBytes + docBytes;
  const docShare = content ? docBytes / content : 0;
  const infraKinds = INFRA_KINDS.filter((k) => frameworks.has(k));
  const orchestrators = ORCHESTRATORS.filter((k) => frameworks.has(k));
  const docsGenerator = DOCS_GENERATORS.find((k) => frameworks.has(k) || discovery.tools.some((t) => t.tool_id === k));
  const reasons: string[] = [`source code is ${codeBytes} bytes (tests excluded, SQL and Ansible included) and documentation ${docBytes} bytes: ${pct(docShare)} of the content is documentation`];
  if (proseBytes) reasons.push(`${prose.map((l) => l.language).join(', ')} (${proseBytes} bytes) is prose that .gitattributes makes Linguist count: it counts as documentation here`);
  const share = (bytes: number) => (codeBytes ? bytes / codeBytes : 0);
  const py = share(bytesOf(['Python', 'Cython']));
  const sql = share(bytesOf(SQL_LANGS) + signals.sqlBytes);
  const hcl = share(bytesOf(['HCL']));
  const ansible = share(signals.ansibleBytes);
  const scores = new Map<string, number>();

  if (content === 0 && infraKinds.length === 0) {
    reasons.push('no source code, documentation or infrastructure files were found: nothing to go on');
    scores.set('generic', 0.2);
  } else if (docShare >= 0.8) {
    reasons.push(`documentation is ${pct(docShare)} of the content (at least 80%)${docsGenerator ? ` and ${docsGenerator} builds it` : ''}`);
    scores.set('documentation', 0.5 + docShare / 2 + (docsGenerator ? 0.05 : 0));
    scores.set(py >= 0.5 ? 'software-dev-python' : 'generic', 1 - docShare);
  } else {
    let data = sql + (frameworks.has('dbt') ? 0.5 : 0) + (orchestrators.length ? py : 0);
    if (frameworks.has('dbt')) reasons.push('dbt_project.yml: a dbt project (+0.5 for data-pipeline)');
    if (orchestrators.length) reasons.push(`${orchestrators.join(', ')} found: the Python is pipeline code (it counts for data-pipeline, and half for software-dev-python)`);
    if (sql > 0) reasons.push(`SQL is ${pct(sql)} of the source code`);
    let ops = hcl + ansible + 0.15 * infraKinds.length;
    if (codeBytes === 0 && infraKinds.length) ops = 0.6 + 0.1 * infraKinds.length;
    if (hcl > 0) reasons.push(`HCL (Terraform) is ${pct(hcl)} of the source code`);
    if (ansible > 0) reasons.push(`Ansible playbooks, roles, task files and inventories (${signals.ansibleFiles} files, YAML and INI that Linguist leaves out) are ${pct(ansible)} of the source code`);
    if (infraKinds.length) reasons.push(`infrastructure found: ${infraKinds.join(', ')} (+0.15 each for operations)`);
    const python = orchestrators.length ? py / 2 : py;
    if (py > 0) reasons.push(`Python is ${pct(py)} of the source code`);
    const top = discovery.languages_source_only[0];
    data = Math.min(data, 0.99);
    scores.set('data-pipeline', data).set('operations', ops).set('software-dev-python', python);
    const best = Math.max(data, ops, python);
    scores.set('generic', Math.max(0.1, 1 - best));
    if (best < 0.5 && top) reasons.push(`${top.language} leads the source code (${top.percent}%), which no specific profile covers`);
    scores.set('documentation', docShare / 2);
  }
  const candidates = [...scores.entries()]
    .map(([profile_id, s]) => ({ profile_id, confidence: round(s) }))
    .filter((c) => c.confidence > 0)
    .sort((a, b) => b.confidence - a.confidence || a.profile_id.localeCompare(b.profile_id));
  const [first, second] = candidates;
  if (options.forced !== undefined) {
    const forced = candidates.find((c) => c.profile_id === options.forced);
    return { status: 'chosen', profileId: options.forced, confidence: 1, reasons: [...reasons, `${options.forced} was chosen with --profile${forced ? ` (the selector gave it ${forced.confidence})` : ''}`], candidates };
  }
  const bestId = first?.profile_id ?? 'generic';
  const confidence = first?.confidence ?? 0;
  if (confidence < minConfidence) return { status: 'needs_human', profileId: bestId, confidence, reasons: [...reasons, `the best candidate, ${bestId}, has confidence ${confidence} (under ${minConfidence})`], candidates };
  if (second && confidence - second.confidence < margin)
    return { status: 'needs_human', profileId: bestId, confidence, reasons: [...reasons, `${bestId} (${confidence}) and ${second.profile_id} (${second.confidence}) are within ${margin} of each other`], candidates };
  return { status: 'chosen', profileId: bestId, confidence, reasons: [...reasons, `${bestId} wins with ${confidence}${second ? ` (next: ${second.profile_id}, ${second.confidence})` : ''}`], candidates };
}
