import { plural } from '../plural.js';
import { parseAllDocuments } from 'yaml';
import { findAnsibleFiles } from './find-ansible-files.js';
import { emptyFindings, type Findings } from './findings.js';
import { knownTool } from './known-tools.js';
import { makeEvidence } from './make-evidence.js';
import { baseName, dirName, type RepoSnapshot } from './repo-snapshot.js';

const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Terraform: *.tf files, the providers they use (provider blocks and required_providers) and required_version. */
function terraform(snapshot: RepoSnapshot, found: Findings): void {
  const tfFiles = snapshot.files.filter((f) => f.endsWith('.tf'));
  if (!tfFiles.length) return;
  const providers = new Map<string, { file: string; line: number }>();
  let version: string | undefined;
  for (const file of tfFiles) {
    const text = snapshot.contents.get(file) ?? '';
    text.split('\n').forEach((line, i) => {
      const block = /^\s*provider\s+"([\w-]+)"/.exec(line);
      const required = /^\s*([\w-]+)\s*=\s*\{\s*$/.exec(line);
      const source = /source\s*=\s*"(?:[\w.-]+\/)?[\w-]+\/([\w-]+)"/.exec(line);
      const name = block?.[1] ?? source?.[1] ?? (required && /source/.test(text.split('\n')[i + 1] ?? '') ? required[1] : undefined);
      if (name && !providers.has(name)) providers.set(name, { file, line: i + 1 });
      const v = /^\s*required_version\s*=\s*"([^"]+)"/.exec(line)?.[1];
      if (v) version ??= v;
    });
  }
  const dirs = [...new Set(tfFiles.map(dirName))];
  const ev = makeEvidence(tfFiles[0] ?? '', 'terraform.files', `${plural(tfFiles.length, 'Terraform file')} in ${dirs.slice(0, 5).join(', ')}${dirs.length > 5 ? ', ...' : ''}`);
  found.frameworks.push({ name: 'terraform', ...(version ? { version } : {}), evidence: [ev] });
  for (const [name, at] of providers)
    found.frameworks.push({ name: `terraform-provider-${name}`, evidence: [makeEvidence(at.file, 'terraform.provider', `uses the ${name} provider`, at.line)] });
  found.tools.push(knownTool('terraform', [ev]));
  if (snapshot.files.includes('.tflint.hcl'))
    found.tools.push(knownTool('tflint', [makeEvidence('.tflint.hcl', 'terraform.tflint', '.tflint.hcl configures tflint')], { config_file: '.tflint.hcl' }));
}

function helm(snapshot: RepoSnapshot, found: Findings): void {
  for (const file of snapshot.files.filter((f) => baseName(f) === 'Chart.yaml')) {
    const chart = record(parseAllDocuments(snapshot.contents.get(file) ?? '')[0]?.toJS?.());
    const name = typeof chart.name === 'string' ? chart.name : dirName(file);
    const ev = [makeEvidence(file, 'helm.chart', `Helm chart ${name}`)];
    found.frameworks.push({ name: 'helm', ...(typeof chart.version === 'string' ? { version: chart.version } : {}), evidence: ev });
    found.tools.push(knownTool('helm', ev, { command: `helm lint ${dirName(file)}`, category: 'linter' }));
  }
}

function ansible(snapshot: RepoSnapshot, found: Findings): void {
  const files = findAnsibleFiles(snapshot);
  const evidence = [];
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const [config] = files.configs;
  if (config) evidence.push(makeEvidence(config, 'ansible.config', `${count(files.configs.length, 'ansible.cfg file')}`));
  const roles = [...new Set(files.roleFiles.map((f) => /(?:^|\/)roles\/([^/]+)\//.exec(f)?.[1] ?? f))];
  if (files.roleFiles[0]) evidence.push(makeEvidence(files.roleFiles[0], 'ansible.role', `${count(roles.length, 'role')}: ${roles.slice(0, 5).join(', ')}${roles.length > 5 ? ', ...' : ''}`));
  if (files.playbooks[0]) evidence.push(makeEvidence(files.playbooks[0], 'ansible.playbook', `${count(files.playbooks.length, 'playbook')} (YAML lists of plays with hosts)`));
  if (files.inventories[0]) evidence.push(makeEvidence(files.inventories[0], 'ansible.inventory', `${count(files.inventories.length, 'inventory file')} (host groups)`));
  // An inventory or task files alone do not make an Ansible project; a config, a role or a playbook does.
  if (!config && !files.roleFiles.length && !files.playbooks.length) return;
  found.frameworks.push({ name: 'ansible', evidence });
  if (snapshot.files.some((f) => /^\.ansible-lint(\.ya?ml)?$/.test(f)))
    found.tools.push(knownTool('ansible-lint', [makeEvidence('.ansible-lint', 'ansible.lint', '.ansible-lint configures ansible-lint')]));
}

/** Kubernetes manifests: YAML documents with apiVersion and kind, outside CI and Helm metadata. */
function kubernetes(snapshot: RepoSnapshot, found: Findings): void {
  const kinds = new Map<string, string>();
  let first: string | undefined;
  let count = 0;
  for (const [file, text] of snapshot.contents) {
    if (!/\.ya?ml$/.test(file) || file.startsWith('.github/') || /Chart\.yaml$|(^|\/)\.pre-commit/.test(file)) continue;
    if (!/^apiVersion:/m.test(text) || !/^kind:/m.test(text)) continue;
    const manifests = text.includes('{{') ? [] : parseAllDocuments(text).map((d) => record(d.toJS?.()));
    const kindsHere = text.includes('{{') ? [/^kind:\s*(\w+)/m.exec(text)?.[1] ?? ''] : manifests.map((m) => (typeof m.apiVersion === 'string' && typeof m.kind === 'string' ? m.kind : ''));
    const real = kindsHere.filter(Boolean);
    if (!real.length) continue;
    count++;
    first ??= file;
    for (const k of real) if (!kinds.has(k)) kinds.set(k, file);
  }
  if (!first) return;
  const ev = [makeEvidence(first, 'kubernetes.manifest', `${plural(count, 'manifest file')}; kinds: ${[...kinds.keys()].sort().join(', ')}`)];
  found.frameworks.push({ name: snapshot.files.some((f) => baseName(f) === 'kustomization.yaml') ? 'kustomize' : 'kubernetes', evidence: ev });
}

/** Data pipelines: dbt projects and Airflow DAG folders. */
function dataPipelines(snapshot: RepoSnapshot, found: Findings): void {
  const dbt = snapshot.files.find((f) => baseName(f) === 'dbt_project.yml');
  if (dbt) {
    const ev = [makeEvidence(dbt, 'dbt.project', 'dbt_project.yml defines a dbt project')];
    found.frameworks.push({ name: 'dbt', evidence: ev });
    found.tools.push(knownTool('dbt', ev, { config_file: dbt }));
  }
  const dag = snapshot.files.find((f) => /(^|\/)dags\/[^/]+\.py$/.test(f) && /\bairflow\b/.test(snapshot.contents.get(f) ?? ''));
  if (dag) found.frameworks.push({ name: 'airflow', evidence: [makeEvidence(dag, 'airflow.dags', 'a DAG file that imports airflow')] });
}

/** Infrastructure and data-pipeline projects: Terraform, Helm, Ansible, Kubernetes manifests, dbt and Airflow. */
export function detectInfra(snapshot: RepoSnapshot): Findings {
  const found = emptyFindings();
  terraform(snapshot, found);
  helm(snapshot, found);
  ansible(snapshot, found);
  kubernetes(snapshot, found);
  dataPipelines(snapshot, found);
  return found;
}
