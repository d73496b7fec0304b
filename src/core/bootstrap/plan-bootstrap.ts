import type { BootstrapDiscovery, Generator, ProfileExtension, ProfileMapping, TestGate } from '../contracts/index.js';
import { AI_TOOLS, type Executables } from './ai-tools.js';
import { composeProfiles } from './compose-profiles.js';
import type { RepoSignals } from './compute-signals.js';
import { deriveGates } from './derive-gates.js';
import type { DiscoveryContext } from './build-discovery.js';
import type { CommandEnvironment } from './find-missing-executable.js';
import type { GateReplacement } from './instantiate-phase.js';
import { planArtifacts, type LoadedProfile } from './plan-artifacts.js';
import { planComposition } from './compose-profiles.js';
import { renderArtifact } from './render-artifact.js';
import { selectProfile, type ProfileSelection } from './select-profile.js';
import { validateArtifacts, type DraftArtifact, type Validation } from './validate-artifacts.js';

export interface PlanInput {
  readonly discovery: BootstrapDiscovery;
  readonly context: DiscoveryContext;
  readonly signals: RepoSignals;
  readonly profiles: ReadonlyMap<string, LoadedProfile>;
  readonly executables: Executables;
  readonly repoFiles: ReadonlySet<string>;
  /** Used when no manifest names the project: the repository directory's name. */
  readonly fallbackName: string;
  readonly owner: string;
  readonly forcedProfile?: string;
  readonly generatedAt: string;
  readonly generator: Generator;
}

/** A generated artifact: its text, ready to write, and whether it is valid. */
export interface PlannedArtifact {
  readonly path: string;
  readonly kind: DraftArtifact['kind'];
  readonly text: string;
  readonly valid: boolean;
}

export interface BootstrapPlan {
  readonly status: 'ready' | 'partial' | 'needs_human';
  readonly selection: ProfileSelection;
  readonly composed: readonly ProfileMapping[];
  readonly gates: readonly TestGate[];
  readonly artifacts: readonly PlannedArtifact[];
  readonly validation: Validation;
  readonly replacements: readonly (GateReplacement & { path: string })[];
}

/**
 * Steps 2 to 4 of bootstrap, pure: select the profile, compose profiles by path and narrow the constraints,
 * derive the gates, generate the artifacts, then validate and auto-fix them. Throws only on a bug (an unknown
 * primary profile is reported as an error of the plan, not thrown).
 */
export function planBootstrap(input: PlanInput): BootstrapPlan {
  const { discovery } = input;
  const selection = selectProfile(discovery, input.signals, input.forcedProfile !== undefined ? { forced: input.forcedProfile } : {});
  const primary = input.profiles.get(selection.profileId);
  if (!primary) throw new Error(`no profile ${selection.profileId} among ${[...input.profiles.keys()].join(', ')}`);
  const profiles = new Map<string, ProfileExtension>([...input.profiles].map(([id, p]) => [id, p.profile]));
  const composed = planComposition(discovery, selection.profileId);
  const composition = composeProfiles(primary.profile, composed, profiles, discovery);
  const gates = deriveGates(discovery);
  const { drafts, replacements } = planArtifacts({
    discovery,
    primary,
    composed,
    constraints: composition.ok ? composition.constraints : primary.profile.adds_constraints,
    gates,
    executables: input.executables,
    projectName: input.context.projectName ?? input.fallbackName,
    owner: input.owner,
    generatedAt: input.generatedAt,
    generator: input.generator,
  });
  const env: CommandEnvironment = {
    executables: input.executables,
    repoFiles: input.repoFiles,
    knownTools: new Set(discovery.tools.flatMap((t) => [t.tool_id, ...(t.command ? [t.command.split(/\s+/)[0] ?? ''] : [])])),
    scripts: new Set(Object.keys(input.context.scripts)),
    makeTargets: new Set(input.context.makeTargets),
  };
  const aiBinary = new Map<string, string>(AI_TOOLS.map((t) => [t.id, t.binary]));
  const toolAvailable = (id: string) => (id === 'shell' ? true : input.executables.has(aiBinary.get(id) ?? id));
  const { artifacts, validation } = validateArtifacts(drafts, { profiles, env, toolAvailable });
  if (!composition.ok)
    for (const c of composition.conflicts)
      validation.errors.push({ path: '.uet/PROJECT_PROFILE.yaml', pointer: '/composed_profiles', message: `cannot narrow ${c.sources[0]} with ${c.sources[1]}: ${c.message}` });
  const invalid = new Set(validation.errors.map((e) => e.path));
  const planned = artifacts.map((a) => ({ path: a.path, kind: a.kind, text: renderArtifact(a), valid: !invalid.has(a.path) }));
  const status = selection.status === 'needs_human' ? 'needs_human' : validation.errors.length ? 'partial' : 'ready';
  return { status, selection, composed, gates, artifacts: planned, validation, replacements };
}
