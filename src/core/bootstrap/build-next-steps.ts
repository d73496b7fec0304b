import type { BootstrapReport } from '../contracts/index.js';
import { plural } from '../plural.js';
import type { BootstrapPlan } from './plan-bootstrap.js';
import { BASELINE_PHASE_ID } from './build-baseline-phase.js';
import { shellWord } from './shell-word.js';

/**
 * What people and agents should do after this bootstrap, in order. `dir` is the directory as the command named it:
 * every command and path below names it too (unless it is `.`), so each line works as typed from where uet ran.
 */
export function buildNextSteps(plan: BootstrapPlan, write: boolean, aiToolsFound: readonly string[], dir = '.'): BootstrapReport['next_steps'] {
  const humans: string[] = [];
  const agents: string[] = [];
  const here = dir === '.' || dir === '';
  const at = here ? '' : ` ${shellWord(dir)}`;
  const repo = here ? '' : ` --repo ${shellWord(dir)}`;
  const path = (rel: string) => (here ? rel : shellWord(`${dir.replace(/\/+$/, '')}/${rel}`));
  const phases = plan.artifacts.filter((a) => a.kind === 'phase_spec').map((a) => a.path);
  if (plan.status === 'needs_human') {
    const options = plan.selection.candidates.slice(0, 3).map((c) => `${c.profile_id} (${c.confidence})`).join(', ');
    humans.push(`Choose the profile: run \`uet bootstrap${at} --profile <id> --write\` with one of ${options}`);
    agents.push('Do not guess the profile: ask a person to choose it (see profile_candidates)');
    return { humans, agents };
  }
  if (plan.validation.errors.length) humans.push(`Fix the ${plural(plan.validation.errors.length, 'error')} under validation.errors, then run \`uet bootstrap${at}\` again`);
  if (!write) humans.push(`Review what would be written, then run \`uet bootstrap${at} --write\``);
  humans.push(`Review ${path('.uet/PROJECT_PROFILE.yaml')}: profile ${plan.selection.profileId}, its constraints and ${plural(plan.gates.length, 'gate')}`);
  if (!aiToolsFound.length) humans.push('Install an AI tool (claude, codex or aider): none is on PATH, so AI tasks fall back to shell and fail');
  humans.push(`Commit ${path('.uet/')} and ${path('.github/workflows/uet.yml')}; for GitHub mode set the ANTHROPIC_API_KEY and OPENAI_API_KEY secrets`);
  agents.push(`uet validate ${[path('.uet/PROJECT_PROFILE.yaml'), path('.uet/router_config.json'), ...phases.map(path)].join(' ')}`);
  if (phases.includes(`.uet/phases/${BASELINE_PHASE_ID}.yaml`)) agents.push(`uet run ${path(`.uet/phases/${BASELINE_PHASE_ID}.yaml`)}${repo}`);
  const first = phases.find((p) => !p.includes(BASELINE_PHASE_ID));
  if (first) agents.push(`uet plan ${path(first)}${repo}`);
  return { humans, agents };
}
