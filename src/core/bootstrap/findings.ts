import type {
  DiscoveredFramework,
  DiscoveredPackageManager,
  DiscoveredTool,
  DiscoveredWorkspace,
  InferredConstraint,
} from '../contracts/index.js';

/** What one detector found. build-discovery merges them, by name, into the discovery. */
export interface Findings {
  frameworks: DiscoveredFramework[];
  packageManagers: DiscoveredPackageManager[];
  tools: DiscoveredTool[];
  inferred: InferredConstraint[];
  workspaces: DiscoveredWorkspace[];
  warnings: string[];
}

export function emptyFindings(): Findings {
  return { frameworks: [], packageManagers: [], tools: [], inferred: [], workspaces: [], warnings: [] };
}

/** Appends every finding of `more` to `into` and returns `into`. */
export function addFindings(into: Findings, more: Findings): Findings {
  into.frameworks.push(...more.frameworks);
  into.packageManagers.push(...more.packageManagers);
  into.tools.push(...more.tools);
  into.inferred.push(...more.inferred);
  into.workspaces.push(...more.workspaces);
  into.warnings.push(...more.warnings);
  return into;
}
