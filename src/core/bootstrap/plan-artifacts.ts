import type { BootstrapDiscovery, Constraints, Generator, PhaseSpec, ProfileExtension, ProfileMapping, TestGate } from '../contracts/index.js';
import type { Executables } from './ai-tools.js';
import { buildBaselinePhase } from './build-baseline-phase.js';
import { buildProjectProfile } from './build-project-profile.js';
import { buildRouterConfig } from './build-router-config.js';
import { buildWorkflow, WORKFLOW_PATH } from './build-workflow.js';
import { instantiatePhase, type GateReplacement } from './instantiate-phase.js';
import type { DraftArtifact } from './validate-artifacts.js';

/** A profile with its phase templates, parsed. */
export interface LoadedProfile {
  readonly profile: ProfileExtension;
  readonly templates: readonly PhaseSpec[];
}

export interface ArtifactInput {
  readonly discovery: BootstrapDiscovery;
  readonly primary: LoadedProfile;
  readonly composed: readonly ProfileMapping[];
  readonly constraints: Constraints;
  readonly gates: readonly TestGate[];
  readonly executables: Executables;
  readonly projectName: string;
  readonly owner: string;
  readonly generatedAt: string;
  readonly generator: Generator;
}

/**
 * Every artifact bootstrap generates, as documents: .uet/PROJECT_PROFILE.yaml, .uet/router_config.json,
 * .uet/phases/<phase_id>.yaml for each template of the primary profile (gates filled in) plus the baseline phase
 * of the project's gates, and .github/workflows/uet.yml. Pure; the validation engine checks and fixes them next.
 */
export function planArtifacts(input: ArtifactInput): { drafts: DraftArtifact[]; replacements: (GateReplacement & { path: string })[] } {
  const { profile } = input.primary;
  const drafts: DraftArtifact[] = [];
  const replacements: (GateReplacement & { path: string })[] = [];
  drafts.push({
    path: '.uet/PROJECT_PROFILE.yaml',
    kind: 'project_profile',
    doc: buildProjectProfile({ ...input, profile }),
  });
  drafts.push({ path: '.uet/router_config.json', kind: 'router_config', doc: buildRouterConfig(profile, input.executables) });
  const baseline = buildBaselinePhase(profile, input.gates);
  if (baseline) drafts.push({ path: `.uet/phases/${baseline.phase_id}.yaml`, kind: 'phase_spec', doc: baseline });
  for (const template of input.primary.templates) {
    const path = `.uet/phases/${template.phase_id}.yaml`;
    const { phase, replacements: r } = instantiatePhase(template, input.gates, input.constraints);
    replacements.push(...r.map((x) => ({ ...x, path })));
    drafts.push({ path, kind: 'phase_spec', doc: phase });
  }
  const python = profile.profile_id === 'software-dev-python' || input.discovery.languages.some((l) => l.language === 'Python');
  const terraform = input.discovery.frameworks.some((f) => f.name === 'terraform');
  drafts.push({ path: WORKFLOW_PATH, kind: 'workflow', doc: buildWorkflow({ owner: input.owner, python, terraform }) });
  return { drafts, replacements };
}
