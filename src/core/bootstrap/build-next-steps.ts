import type { BootstrapReport } from '../contracts/index.js';
import type { BootstrapPlan } from './plan-bootstrap.js';
import { BASELINE_PHASE_ID } from './build-baseline-phase.js';

/** What people and agents should do after this bootstrap, in order. */
export function buildNextSteps(plan: BootstrapPlan, write: boolean, aiToolsFound: readonly string[]): BootstrapReport['next_steps'] {
  const humans: string[] = [];
  const agents: string[] = [];
  const phases = plan.artifacts.filter((a) => a.kind === 'phase_spec').map((a) => a.path);
  if (plan.status === 'needs_human') {
    const options = plan.selection.candidates.slice(0, 3).map((c) => `${c.profile_id} (${c.confidence})`).join(', ');
    humans.push(`Choose the profile: run \`uet bootstrap --profile <id> --write\` with one of ${options}`);
    agents.push('Do not guess the profile: ask a person to choose it (see profile_candidates)');
    return { humans, agents };
  }
  if (plan.validation.errors.length) humans.push(`Fix the ${plan.validation.errors.length} error(s) under validation.errors, then run \`uet bootstrap\` again`);
  if (!write) humans.push('Review what would be written, then run `uet bootstrap --write`');
  humans.push(`Review .uet/PROJECT_PROFILE.yaml: profile ${plan.selection.profileId}, its constraints and ${plan.gates.length} gate(s)`);
  if (!aiToolsFound.length) humans.push('Install an AI tool (claude, codex or aider): none is on PATH, so AI tasks fall back to shell and fail');
  humans.push('Commit .uet/ and .github/workflows/uet.yml; for GitHub mode set the ANTHROPIC_API_KEY and OPENAI_API_KEY secrets');
  agents.push(`uet validate .uet/PROJECT_PROFILE.yaml .uet/router_config.json ${phases.join(' ')}`.trim());
  if (phases.includes(`.uet/phases/${BASELINE_PHASE_ID}.yaml`)) agents.push(`uet run .uet/phases/${BASELINE_PHASE_ID}.yaml`);
  const first = phases.find((p) => !p.includes(BASELINE_PHASE_ID));
  if (first) agents.push(`uet plan ${first}`);
  return { humans, agents };
}
