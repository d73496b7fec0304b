import { parse, stringify } from 'yaml';
import { BASELINE_PHASE_ID } from '../bootstrap/build-baseline-phase.js';
import type { PlannedArtifact } from '../bootstrap/plan-bootstrap.js';
import { validateDocument } from '../contracts/index.js';
import { compilePhase } from '../phase/index.js';
import { APP_CONFIG_FILE } from './find-uet-setup.js';

/** Where the onboarding PR puts the baseline phase compiled to a bundle, the one `/uet run` runs by default. */
export const BASELINE_BUNDLE_PATH = '.uet/bundle.yaml';

/** A file of the onboarding PR. */
export interface OnboardingFile {
  readonly path: string;
  readonly text: string;
  /** What it is, for the PR body. */
  readonly what: string;
}

const WHAT: Record<PlannedArtifact['kind'], string> = {
  project_profile: 'the project profile: profile, composition, languages, tools, constraints, gates',
  router_config: 'the router configuration: which tool does which kind of task',
  phase_spec: 'a phase of the profile, with the project’s gates',
  workflow: 'the workflow',
  other: 'a bootstrap artifact',
};

/** The baseline phase compiled to a bundle, or undefined when there is none or it does not compile. */
function baselineBundle(artifacts: readonly PlannedArtifact[]): string | undefined {
  const phase = artifacts.find((a) => a.valid && a.path === `.uet/phases/${BASELINE_PHASE_ID}.yaml`);
  if (!phase) return undefined;
  const spec = validateDocument('phase_spec', parse(phase.text));
  if (!spec.ok) return undefined;
  const compiled = compilePhase(spec.value);
  if (!compiled.ok || !validateDocument('workstream_bundle', compiled.bundle).ok) return undefined;
  return (
    `# The baseline phase (${phase.path}) compiled to a bundle: \`/uet run\` runs it when no bundle is named.\n` +
    '# It runs the project’s checks, changes nothing and needs no AI tool.\n' +
    stringify(compiled.bundle, { lineWidth: 0 })
  );
}

function appConfig(bundle: boolean): string {
  return [
    '# UET app configuration (docs/github-app.md#configuration), from the UET onboarding pull request.',
    ...(bundle
      ? [
          '# `/uet run` on a pull request runs this bundle when the comment names none.',
          `bundle: ${BASELINE_BUNDLE_PATH}`,
        ]
      : [
          '# No bundle yet: bootstrap found no check to run. Write one (docs/first-bundle.md) and name it here:',
          '# bundle: uet/bundle.yaml',
        ]),
    '# The issue label that starts a run, and the workflow the app dispatches (it must exist on the default branch).',
    'label: uet',
    'workflow: uet.yml',
    '',
  ].join('\n');
}

/**
 * The files of the onboarding PR: what `uet bootstrap --write` writes under .uet/ (the valid artifacts), minus
 * the workflow (the app may not write workflows: it goes in the PR body instead), plus the baseline phase compiled
 * to `.uet/bundle.yaml` and `.github/uet.yml` naming it, so that `/uet run` works once the PR is merged and the
 * workflow is created. Sorted by path. Pure.
 */
export function planOnboardingFiles(artifacts: readonly PlannedArtifact[]): OnboardingFile[] {
  const files: OnboardingFile[] = artifacts
    .filter((a) => a.valid && a.kind !== 'workflow')
    .map((a) => ({
      path: a.path,
      text: a.text,
      what: a.path.endsWith(`${BASELINE_PHASE_ID}.yaml`)
        ? 'the baseline phase: the project’s checks, no AI tool'
        : WHAT[a.kind],
    }));
  const bundle = baselineBundle(artifacts);
  if (bundle !== undefined)
    files.push({
      path: BASELINE_BUNDLE_PATH,
      text: bundle,
      what: 'the baseline phase as a bundle: what `/uet run` runs by default',
    });
  files.push({ path: APP_CONFIG_FILE, text: appConfig(bundle !== undefined), what: 'the app configuration' });
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}
