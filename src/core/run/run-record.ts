import type { RunRecord, StepAttempt } from '../contracts/index.js';
import { buildCostReport } from './build-cost-report.js';
import type { RunState } from './state.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** The run_record document of a run state (schema/run_record.v1.json). */
export function toRunRecord(state: RunState): RunRecord {
  let succeeded = 0;
  let failed = 0;
  let skipped = 0;
  let blocked = 0;
  let total = 0;
  const gates: NonNullable<RunRecord['gates']> = [];
  for (const [id, n] of state.nodes) {
    const p = state.plan.nodes.get(id)!;
    if (p.kind === 'gate') {
      if (n.gate) gates.push({ gate_id: p.gate!.gate_id, ws_id: p.wsId, type: p.gate!.type, passed: n.gate.passed, required: p.gate!.required, blocking: p.gate!.blocking });
      continue;
    }
    if (p.repair && n.attempts === 0) continue; // a repair round that never ran is not a step of the run
    total += 1;
    if (n.state === 'succeeded') succeeded += 1;
    else if (n.state === 'failed') failed += 1;
    else if (n.state === 'skipped' || n.state === 'canceled') skipped += 1;
    else if (n.state === 'blocked') blocked += 1;
  }
  const attempts = state.attempts.length;
  const retries = state.attempts.filter((a) => a.attempt > 1).length;
  const running = [...state.running].filter((id) => state.plan.nodes.get(id)!.kind === 'step').length;
  const message = state.pause?.message ?? state.completion?.message;
  return {
    run_id: state.runId,
    bundle_id: state.plan.bundle.bundle_id,
    bundle_hash: state.bundleHash,
    state: state.status,
    ...(state.pause ? { paused_reason: state.pause.reason } : {}),
    ...(message !== undefined ? { message } : {}),
    created_at: iso(state.createdAt),
    ...(state.startedAt !== undefined ? { started_at: iso(state.startedAt) } : {}),
    updated_at: iso(state.updatedAt),
    ...(state.endedAt !== undefined ? { ended_at: iso(state.endedAt) } : {}),
    origin: state.origin,
    ...(state.options.repo !== undefined ? { repo: state.options.repo } : {}),
    ...(state.options.run_branch !== undefined ? { run_branch: state.options.run_branch } : {}),
    ...(state.options.base_commit !== undefined ? { base_commit: state.options.base_commit } : {}),
    ...(state.options.repo_policy !== undefined ? { repo_policy: state.options.repo_policy } : {}),
    max_parallel: state.plan.maxParallel,
    ...(state.options.parent_run_id !== undefined ? { parent_run_id: state.options.parent_run_id } : {}),
    skipped_workstreams: [...state.options.skip_workstreams],
    counters: {
      steps_total: total,
      steps_succeeded: succeeded,
      steps_failed: failed,
      steps_skipped: skipped,
      steps_blocked: blocked,
      steps_running: running,
      attempts,
      retries,
      patches_created: state.patches?.created ?? 0,
      patches_applied: state.patches?.applied ?? 0,
      patches_quarantined: state.patches?.quarantined ?? 0,
      errors: state.attempts.filter((a) => a.state === 'failed').length + gates.filter((g) => !g.passed).length,
    },
    cost: {
      spent_usd: round(state.budget.spentUsd),
      reserved_usd: round(Math.max(0, state.budget.reservedUsd)),
      ...(state.budget.limitUsd !== undefined ? { budget_usd: state.budget.limitUsd } : {}),
      tokens_input: state.tokens.input,
      tokens_output: state.tokens.output,
      steps: buildCostReport(state).steps.map((c) => ({
        step_id: c.step_id,
        ...(c.tool_id !== undefined ? { tool_id: c.tool_id } : {}),
        ...(c.model !== undefined ? { model: c.model } : {}),
        attempts: c.attempts,
        duration_ms: Math.round(c.duration_ms),
        tokens_input: c.tokens.input,
        tokens_output: c.tokens.output,
        cost_usd: c.cost_usd,
      })),
    },
    gates,
  };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Every step attempt of the run (schema/step_attempt.v1.json), in start order. */
export function toStepAttempts(state: RunState): StepAttempt[] {
  return state.attempts.map((a) => ({
    attempt_id: a.attemptId,
    run_id: state.runId,
    step_id: a.stepId,
    ws_id: state.plan.nodes.get(a.stepId)!.wsId!, // attempts are steps', and every step has a workstream
    attempt: a.attempt,
    sequence: a.sequence,
    tool_id: a.toolId,
    state: a.state,
    started_at: iso(a.startedAt),
    ...(a.endedAt !== undefined ? { ended_at: iso(a.endedAt) } : {}),
    ...(a.durationMs !== undefined ? { duration_ms: a.durationMs } : {}),
    ...(a.halfOpenTrial ? { half_open_trial: true } : {}),
    ...(a.errorClass !== undefined ? { error: { class: a.errorClass, message: a.message ?? '', retryable: a.retryable ?? false } } : {}),
    ...(a.exitCode !== undefined ? { exit_code: a.exitCode } : {}),
    ...(a.costUsd !== undefined ? { cost_usd: a.costUsd } : {}),
    ...(a.tokens !== undefined ? { tokens: a.tokens } : {}),
    ...(a.commit !== undefined || a.patchId !== undefined ? { outputs: { ...(a.commit !== undefined ? { commit: a.commit } : {}), ...(a.patchId !== undefined ? { patch_id: a.patchId } : {}) } } : {}),
    ...(a.baseCommit !== undefined ? { base_commit: a.baseCommit } : {}),
    ...(a.prompt ? { prompt: { prompt_id: a.prompt.promptId, prompt_hash: a.prompt.promptHash } } : {}),
    ...(a.route ? { route: { strategy: a.route.strategy, reason: a.route.reason, ...(a.route.ruleId !== undefined ? { rule_id: a.route.ruleId } : {}) } } : {}),
  }));
}
