import picomatch from 'picomatch';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import type { DiscoveredWorkspace, Evidence } from '../contracts/index.js';
import { makeEvidence } from './make-evidence.js';
import { baseName, dirName, type RepoSnapshot } from './repo-snapshot.js';

type Table = Record<string, unknown>;
const table = (v: unknown): Table => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Table) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function safe<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch {
    return undefined;
  }
}

/** The name a manifest declares for its package. */
function nameIn(snapshot: RepoSnapshot, manifest: string): string | undefined {
  const text = snapshot.contents.get(manifest);
  if (text === undefined) return undefined;
  const name = baseName(manifest);
  const value =
    name === 'package.json' ? table(safe(() => JSON.parse(text) as unknown)).name
    : name === 'Cargo.toml' ? table(table(safe(() => parseToml(text))).package).name
    : name === 'pyproject.toml' ? table(table(safe(() => parseToml(text))).project).name
    : name === 'go.mod' ? /^module\s+(\S+)/m.exec(text)?.[1]
    : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Directories holding `manifest` that match the globs (negations with ! remove). */
function expand(snapshot: RepoSnapshot, globs: readonly string[], manifest: string): string[] {
  const dirs = snapshot.files.filter((f) => baseName(f) === manifest && f.includes('/')).map(dirName);
  const norm = (g: string) => g.replace(/^\.\//, '').replace(/\/$/, '');
  const include = globs.filter((g) => !g.startsWith('!')).map(norm);
  const exclude = globs.filter((g) => g.startsWith('!')).map((g) => norm(g.slice(1)));
  const inc = include.length ? picomatch(include) : () => false;
  const exc = exclude.length ? picomatch(exclude) : () => false;
  return dirs.filter((d) => inc(d) && !exc(d));
}

/**
 * Monorepo workspaces: npm, yarn and pnpm workspaces (package.json workspaces, pnpm-workspace.yaml), lerna, nx
 * projects, turbo (over the package workspaces), cargo workspace members, go.work modules and uv workspace members.
 */
export function detectWorkspaces(snapshot: RepoSnapshot, uvMembers: readonly string[]): DiscoveredWorkspace[] {
  const found = new Map<string, DiscoveredWorkspace>();
  const add = (dirs: readonly string[], manifest: string, evidence: Evidence) => {
    for (const path of dirs) {
      if (found.has(path)) continue;
      const name = nameIn(snapshot, `${path}/${manifest}`);
      found.set(path, { path, ...(name !== undefined ? { name } : {}), evidence: [evidence] });
    }
  };
  const text = (f: string) => snapshot.contents.get(f);
  const pkg = table(safe(() => JSON.parse(text('package.json') ?? 'null') as unknown));
  const npmGlobs = Array.isArray(pkg.workspaces) ? strings(pkg.workspaces) : strings(table(pkg.workspaces).packages);
  if (npmGlobs.length) add(expand(snapshot, npmGlobs, 'package.json'), 'package.json', makeEvidence('package.json', 'workspaces.npm', `workspaces: ${npmGlobs.join(', ')}`));
  const pnpm = strings(table(safe(() => parseYaml(text('pnpm-workspace.yaml') ?? '') as unknown)).packages);
  if (pnpm.length) add(expand(snapshot, pnpm, 'package.json'), 'package.json', makeEvidence('pnpm-workspace.yaml', 'workspaces.pnpm', `packages: ${pnpm.join(', ')}`));
  const lerna = strings(table(safe(() => JSON.parse(text('lerna.json') ?? 'null') as unknown)).packages);
  if (lerna.length) add(expand(snapshot, lerna, 'package.json'), 'package.json', makeEvidence('lerna.json', 'workspaces.lerna', `packages: ${lerna.join(', ')}`));
  if (snapshot.files.includes('nx.json')) {
    const projects = snapshot.files.filter((f) => baseName(f) === 'project.json' && f.includes('/')).map(dirName);
    add(projects, 'package.json', makeEvidence('nx.json', 'workspaces.nx', 'nx.json: project.json files are nx projects'));
  }
  if (snapshot.files.includes('turbo.json') && !npmGlobs.length && !pnpm.length)
    add(expand(snapshot, ['apps/*', 'packages/*'], 'package.json'), 'package.json', makeEvidence('turbo.json', 'workspaces.turbo', 'turbo.json with the conventional apps/* and packages/*'));
  const cargo = table(table(safe(() => parseToml(text('Cargo.toml') ?? ''))).workspace);
  const members = strings(cargo.members);
  if (members.length) add(expand(snapshot, [...members, ...strings(cargo.exclude).map((e) => `!${e}`)], 'Cargo.toml'), 'Cargo.toml', makeEvidence('Cargo.toml', 'workspaces.cargo', `[workspace] members: ${members.join(', ')}`));
  const goWork = text('go.work');
  if (goWork !== undefined) {
    const uses = [...goWork.matchAll(/^\s*(?:use\s+)?(\.\/[^\s)]+|\.)\s*$/gm)].map((m) => (m[1] ?? '').replace(/^\.\//, '')).filter((d) => d && d !== '.');
    add(uses.filter((d) => snapshot.files.includes(`${d}/go.mod`)), 'go.mod', makeEvidence('go.work', 'workspaces.go', `use: ${uses.join(', ')}`));
  }
  if (uvMembers.length) add(expand(snapshot, uvMembers, 'pyproject.toml'), 'pyproject.toml', makeEvidence('pyproject.toml', 'workspaces.uv', `[tool.uv.workspace] members: ${uvMembers.join(', ')}`));
  return [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
}
