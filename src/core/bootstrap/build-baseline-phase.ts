import type { PhaseSpec, ProfileExtension, TestGate } from '../contracts/index.js';

export const BASELINE_PHASE_ID = 'PH-BASELINE-01';

/**
 * A phase of gates only: the project's checks, run on the current code as validation gates of one workstream without
 * tasks, so that `uet run` shows they pass before any AI tool changes anything. Gates, not shell tasks: a gate runs in
 * a throw-away checkout of the run branch, so what a check writes (caches, `__pycache__`) is no patch for the policy to
 * judge, and no tool (nor its circuit breaker) is involved. Each gate is non-blocking so that every check runs and
 * reports; each is required, so a broken check fails the phase. Undefined without gates.
 */
export function buildBaselinePhase(profile: ProfileExtension, gates: readonly TestGate[]): PhaseSpec | undefined {
  if (!gates.length) return undefined;
  return {
    meta_version: 'phase_spec.v1',
    phase_id: BASELINE_PHASE_ID,
    name: "Baseline: the project's checks pass",
    description:
      "Runs each validation gate bootstrap found on the current code. Nothing is changed and no AI tool is needed; a failure shows a check that is broken (or not installed) before any work starts.",
    version: '1.0.0',
    profile_id: profile.profile_id,
    resource_scope: { read: ['**'], forbidden: ['.git/**'] },
    max_parallel: 2,
    acceptance: { mode: 'all', criteria: ['Every gate of the project passes on the current code'] },
    workstreams: [
      {
        ws_id: 'WS-BASELINE-01-CHECKS',
        name: 'Run the checks',
        phase_id: BASELINE_PHASE_ID,
        kind: 'check',
        on_error: 'continue',
        tasks: [],
        test_gates: gates.map((g) => ({ ...g, required: true, blocking: false })),
      },
    ],
  };
}
