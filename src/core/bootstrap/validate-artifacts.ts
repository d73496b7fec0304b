import { validateDocument, type BootstrapArtifact, type BootstrapReport, type PhaseSpec, type ProfileExtension, type ProjectProfile, type RouterConfig } from '../contracts/index.js';
import { checkWorkflow } from './check-workflow.js';
import { findMissingExecutable, type CommandEnvironment } from './find-missing-executable.js';
import { fixPhase } from './fix-phase.js';
import { fixRouter } from './fix-router.js';

/** A generated artifact before it is written: a document (JSON/YAML contracts) or text (the workflow). */
export interface DraftArtifact {
  readonly path: string;
  readonly kind: BootstrapArtifact['kind'];
  readonly doc: unknown;
}

export interface ValidationContext {
  readonly profiles: ReadonlyMap<string, ProfileExtension>;
  readonly env: CommandEnvironment;
  /** Whether a router tool id can run here. */
  readonly toolAvailable: (toolId: string) => boolean;
}

export type Validation = BootstrapReport['validation'];

const CONTRACT = { project_profile: 'project_profile', router_config: 'router_config', phase_spec: 'phase_spec' } as const;

/**
 * The validation engine: applies the safe auto-fixes (clamp a relaxed phase constraint, drop a gate whose
 * executable is missing, give a router route shell as its last resort), then validates every artifact against
 * its contract, every phase against its profile (checkPhaseConstraints), and the workflow against the rules of
 * check-workflow. Mutates the drafts' documents; returns them with their validity and every error, warning and
 * fix. Pure.
 */
export function validateArtifacts(drafts: readonly DraftArtifact[], ctx: ValidationContext): { artifacts: (DraftArtifact & { valid: boolean })[]; validation: Validation } {
  const validation: Validation = { errors: [], warnings: [], auto_fixes: [] };
  for (const draft of drafts) {
    const { path } = draft;
    if (draft.kind === 'phase_spec') {
      const phase = draft.doc as PhaseSpec;
      const profile = ctx.profiles.get(phase.profile_id);
      if (!profile) validation.errors.push({ path, pointer: '/profile_id', message: `unknown profile ${phase.profile_id}` });
      else {
        const r = fixPhase(phase, profile, path, ctx.env);
        validation.errors.push(...r.errors);
        validation.warnings.push(...r.warnings);
        validation.auto_fixes.push(...r.fixes);
      }
    } else if (draft.kind === 'router_config') {
      const r = fixRouter(draft.doc as RouterConfig, path, ctx.toolAvailable);
      validation.warnings.push(...r.warnings);
      validation.auto_fixes.push(...r.fixes);
    } else if (draft.kind === 'project_profile') {
      const gates = (draft.doc as ProjectProfile).gates ?? [];
      for (let i = gates.length - 1; i >= 0; i--) {
        const missing = findMissingExecutable(gates[i]!.command, ctx.env);
        if (missing === undefined) continue;
        validation.auto_fixes.push({ path, pointer: `/gates/${i}`, description: `dropped the gate ${JSON.stringify(gates[i]!.command)} (${missing} is missing)` });
        gates.splice(i, 1);
      }
    } else if (draft.kind === 'workflow') {
      for (const issue of checkWorkflow(String(draft.doc))) validation.errors.push({ path, ...issue });
    }
    if (draft.kind in CONTRACT) {
      const result = validateDocument(CONTRACT[draft.kind as keyof typeof CONTRACT], draft.doc);
      if (!result.ok) for (const issue of result.issues) validation.errors.push({ path, ...issue });
    }
  }
  const invalid = new Set(validation.errors.map((e) => e.path));
  return { artifacts: drafts.map((d) => ({ ...d, valid: !invalid.has(d.path) })), validation };
}
