import type { DiscoveredFramework, DiscoveredPackageManager, DiscoveredTool, Evidence } from '../contracts/index.js';

const sameEvidence = (a: Evidence, b: Evidence) =>
  a.file === b.file && a.detector === b.detector && a.conclusion === b.conclusion && a.line === b.line;

function union(into: Evidence[], more: readonly Evidence[]): Evidence[] {
  for (const e of more) if (!into.some((x) => sameEvidence(x, e))) into.push(e);
  return into;
}

/**
 * Merges findings that name the same thing (key), in order: the first one's fields win where both have a value,
 * and the evidence is the union. Sorted by key.
 */
function mergeBy<T extends { evidence: Evidence[] }>(items: readonly T[], key: (t: T) => string): T[] {
  const out = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const prev = out.get(k);
    out.set(k, prev ? { ...item, ...prev, evidence: union([...prev.evidence], item.evidence) } : { ...item, evidence: [...item.evidence] });
  }
  return [...out.keys()].sort().map((k) => out.get(k)!);
}

export const mergeTools = (tools: readonly DiscoveredTool[]) => mergeBy(tools, (t) => t.tool_id);
export const mergeFrameworks = (f: readonly DiscoveredFramework[]) => mergeBy(f, (x) => x.name);
export const mergePackageManagers = (p: readonly DiscoveredPackageManager[]) => mergeBy(p, (x) => x.name);
