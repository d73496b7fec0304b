import type { PhaseSpec, ProfileExtension, TestGate } from '../contracts/index.js';

/** Task kinds of a profile that fit "run the checks", most fitting first. */
const CHECK_KINDS = ['analysis', 'data_validation', 'doc_review', 'review', 'monitoring_setup'];

export const BASELINE_PHASE_ID = 'PH-BASELINE-01';

/**
 * A phase of shell tasks only: one task per project gate, run on the current code, so that `uet run` shows the
 * project's checks pass before any AI tool changes anything. It runs without AI tools. Undefined without gates.
 */
export function buildBaselinePhase(profile: ProfileExtension, gates: readonly TestGate[]): PhaseSpec | undefined {
  if (!gates.length) return undefined;
  const kinds = profile.adds_task_kinds.map((k) => k.id);
  const kind = CHECK_KINDS.find((k) => kinds.includes(k)) ?? kinds[0] ?? 'analysis';
  return {
    meta_version: 'phase_spec.v1',
    phase_id: BASELINE_PHASE_ID,
    name: "Baseline: the project's checks pass",
    description: "Runs each validation gate bootstrap found, as a shell task on the current code. Nothing is changed; a failure shows a gate that is broken before any work starts.",
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
        tasks: gates.map((g) => ({
          task_id: `baseline-${g.gate_id ?? g.type.toLowerCase()}`.slice(0, 128),
          name: `Run ${g.command}`.slice(0, 200),
          kind,
          tool_profile_id: 'shell',
          command: g.command,
          execution: { max_attempts: 1, timeout_seconds: g.timeout_seconds ?? 600 },
          estimate_seconds: 60,
        })),
      },
    ],
  };
}
