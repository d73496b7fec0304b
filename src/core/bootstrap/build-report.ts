import type { BootstrapArtifact, BootstrapDiscovery, BootstrapReport, Generator } from '../contracts/index.js';
import { buildNextSteps } from './build-next-steps.js';
import type { BootstrapPlan } from './plan-bootstrap.js';

export interface ReportInput {
  readonly plan: BootstrapPlan;
  readonly discovery: BootstrapDiscovery;
  /** The artifacts with what the writer did. */
  readonly artifacts: readonly BootstrapArtifact[];
  /** Artifacts that exist and differ, kept because --force was not given. */
  readonly kept?: readonly string[];
  readonly write: boolean;
  readonly aiToolsFound: readonly string[];
  readonly generatedAt: string;
  readonly generator: Generator;
  /** The directory as the command named it (default `.`): the next steps' commands name it. */
  readonly dir?: string;
}

/** The bootstrap_report of a bootstrap that produced a plan (ready, partial or needs_human). Pure. */
export function buildReport(input: ReportInput): BootstrapReport {
  const { plan } = input;
  const kept = (input.kept ?? []).map((path) => ({
    path,
    pointer: '',
    message: 'exists and differs from what bootstrap generates, so it was kept (it may hold edits): `uet bootstrap` without --write shows the difference, `--write --force` replaces it',
  }));
  const nextSteps = buildNextSteps(plan, input.write, input.aiToolsFound, input.dir);
  const replaced = plan.replacements.map((r) => ({ path: r.path, pointer: r.pointer, description: `replaced the template's command ${JSON.stringify(r.from)} with the project's: ${r.to}` }));
  return {
    meta_version: 'bootstrap_report.v1',
    status: plan.status,
    profile_id: plan.selection.profileId,
    profile_confidence: plan.selection.confidence,
    profile_reasons: [...plan.selection.reasons],
    profile_candidates: [...plan.selection.candidates],
    composed_profiles: [...plan.composed],
    write: input.write,
    artifacts: [...input.artifacts],
    validation: {
      errors: plan.validation.errors,
      warnings: [...plan.validation.warnings, ...kept],
      auto_fixes: [...replaced, ...plan.validation.auto_fixes],
    },
    next_steps: kept.length
      ? { ...nextSteps, humans: [`Compare ${kept.map((k) => k.path).join(', ')} with what bootstrap generates (run it without --write), then merge by hand or rerun with --write --force`, ...nextSteps.humans] }
      : nextSteps,
    generated_at: input.generatedAt,
    generator: input.generator,
    discovery: input.discovery,
  };
}

/** The report of a bootstrap that failed: status failed, the reason as an error, and the discovery if there was one. */
export function buildFailedReport(message: string, generatedAt: string, generator: Generator, discovery?: BootstrapDiscovery): BootstrapReport {
  return {
    meta_version: 'bootstrap_report.v1',
    status: 'failed',
    write: false,
    artifacts: [],
    validation: { errors: [{ path: '.uet', pointer: '', message }], warnings: [], auto_fixes: [] },
    next_steps: { humans: ['Report this failure with the output of `UET_DEBUG=1 uet bootstrap`'], agents: ['Stop: bootstrap failed; do not write .uet/ by hand'] },
    generated_at: generatedAt,
    generator,
    ...(discovery ? { discovery } : {}),
  };
}
