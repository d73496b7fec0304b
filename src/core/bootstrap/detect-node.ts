import { emptyFindings, type Findings } from './findings.js';
import { knownTool } from './known-tools.js';
import { kindFromName } from './classify-command.js';
import { classifyDependency } from './classify-dependency.js';
import { makeEvidence } from './make-evidence.js';
import type { NodeAgent } from './repo-snapshot.js';

export interface PackageJson {
  readonly name?: unknown;
  readonly scripts?: unknown;
  readonly dependencies?: unknown;
  readonly devDependencies?: unknown;
  readonly peerDependencies?: unknown;
  readonly workspaces?: unknown;
  readonly prettier?: unknown;
}

const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** The string-valued scripts of a package.json. */
export function scriptsOf(pkg: PackageJson): Record<string, string> {
  return Object.fromEntries(Object.entries(record(pkg.scripts)).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

const CATEGORY = { test: 'test_runner', lint: 'linter', typecheck: 'typechecker', build: 'build' } as const;

/** How the package manager runs a script (`npm test`, `npm run lint`, `pnpm lint`, `yarn lint`). */
export function runScript(agent: string, script: string): string {
  if (script === 'test') return `${agent} test`;
  return agent === 'npm' || agent === 'bun' ? `${agent} run ${script}` : `${agent} ${script}`;
}

/**
 * Reads a package.json: its package manager (package-manager-detector's answer, passed in), the frameworks and
 * tools among its dependencies, and its test, lint, typecheck and build scripts as tools with their command.
 */
export function detectNode(file: string, pkg: PackageJson, agent: NodeAgent | undefined): Findings {
  const found = emptyFindings();
  const pm = agent?.name ?? 'npm';
  found.packageManagers.push({
    name: pm,
    ...(agent?.lockfile !== undefined ? { lockfile: agent.lockfile } : {}),
    evidence: [
      agent
        ? makeEvidence(agent.lockfile ?? file, 'package-manager-detector', `${agent.agent}${agent.version ? ` ${agent.version}` : ''} manages the packages`)
        : makeEvidence(file, 'node.package-json', 'package.json without a lockfile: npm assumed'),
    ],
  });
  const deps = { ...record(pkg.peerDependencies), ...record(pkg.dependencies), ...record(pkg.devDependencies) };
  for (const [name, version] of Object.entries(deps)) {
    const { framework, tool } = classifyDependency(name);
    const ev = [makeEvidence(file, 'node.dependencies', `${name} is a dependency`)];
    if (framework) found.frameworks.push({ name: framework, ...(typeof version === 'string' ? { version } : {}), evidence: ev });
    if (tool) found.tools.push(knownTool(tool, ev));
  }
  for (const [script, body] of Object.entries(scriptsOf(pkg))) {
    const kind = kindFromName(script);
    if (kind === 'other') continue;
    const ev = [makeEvidence(file, 'node.scripts', `script ${script} runs ${body}`)];
    found.tools.push({ tool_id: `${pm}-${script.replace(/[^A-Za-z0-9._-]/g, '-')}`, category: CATEGORY[kind], command: runScript(pm, script), config_file: file, evidence: ev });
  }
  if (pkg.prettier !== undefined) found.tools.push(knownTool('prettier', [makeEvidence(file, 'node.package-json', 'package.json has a prettier key')], { config_file: file }));
  return found;
}
