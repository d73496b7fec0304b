import { join } from 'node:path';
import { captureStepPatch } from '../adapters/patch/capture-step-patch.js';
import { readWrittenChanges } from '../adapters/patch/read-written-changes.js';
import { createToolRegistry } from '../adapters/tools/create-tool-registry.js';
import { buildToolEnv, pickToolEnv } from '../adapters/tools/build-tool-env.js';
import { runProcess } from '../adapters/tools/run-process.js';
import { buildStepMessage } from '../adapters/git/step-trailers.js';
import { runBranchName } from '../adapters/git/run-branches.js';
import { STEP_DEFAULTS } from '../core/bundle/index.js';
import type { PatchArtifact, RouterConfig } from '../core/contracts/index.js';
import { describeViolation } from '../core/patch/index.js';
import { fetchRef, type GitRemote } from './git-remote.js';
import type { AttemptRecord } from './patch-dir.js';
import { readLedger } from './run-ledger.js';
import { renderAttemptPrompt, startAttempt } from './start-state.js';
import { checkArtifact } from './check-artifact.js';

export interface ExecuteRequest {
  readonly remote: GitRemote;
  readonly runId: string;
  readonly nodeId: string;
  readonly attempt: number;
  readonly toolModel?: string;
  readonly maxBudgetUsd?: number;
  /** Mode gate: the node must be a gate. */
  readonly gateOnly?: boolean;
  readonly parentEnv: Readonly<Record<string, string>>;
  readonly logDir: string;
  readonly now: () => number;
  readonly newId: () => string;
}

export interface ExecuteResult {
  readonly record: AttemptRecord;
  readonly artifact?: PatchArtifact;
  readonly scope?: string;
}

const tail = (s: string) => s.slice(-2000);

/**
 * The execute job (read-only): read the run from its ledger ref, check out the run branch, run the step's tool
 * (or the gate's command) in the checkout, capture the change as a patch artifact and check it against the run's
 * policy, then run the step's validation. Nothing is pushed; the result goes to the attempt record.
 */
export async function executeAttempt(r: ExecuteRequest): Promise<ExecuteResult> {
  const started = r.now();
  const { state } = await readLedger(r.remote, r.runId);
  const { node, toolId } = startAttempt(state, r.nodeId, r.attempt, started);
  if (r.gateOnly === true && node.kind !== 'gate') throw new Error(`mode gate: ${node.id} is a step, not a gate`);
  const tip = await fetchRef(r.remote, `refs/heads/${runBranchName(r.runId)}`);
  if (tip !== null) await r.remote.git(['checkout', '--quiet', '--detach', tip]);
  const base = (await r.remote.git(['rev-parse', 'HEAD'])).stdout.trim();
  const cwd = r.remote.cwd;
  const common = { run_id: r.runId, node_id: node.id, attempt: r.attempt, started_at: new Date(started).toISOString() };
  const logPath = join(r.logDir, `uet-${node.id.replace(/[^A-Za-z0-9._-]/g, '_')}-${r.attempt}.log`);
  const env = buildToolEnv(r.parentEnv, { runId: r.runId, attempt: r.attempt, stepId: node.id, wsId: node.wsId, worktree: cwd, ...(node.step?.context?.env ? { extra: node.step.context.env } : {}) });

  if (node.kind === 'gate') {
    const g = node.gate!;
    const p = await runProcess({ command: g.command, cwd, env, timeoutMs: g.timeout_seconds * 1000, signal: new AbortController().signal, logPath });
    const passed = !p.timedOut && p.exitCode === 0;
    return {
      record: { ...common, kind: 'gate', ok: passed, exit_code: p.exitCode, duration_ms: r.now() - started, policy: { passed: true, violations: [] }, validation: passed ? 'passed' : 'failed', output_tail: tail(p.outputTail) },
    };
  }

  const step = node.step!;
  const config = r.toolModel !== undefined ? ({ tools: { [toolId]: { kind: 'tool', model: r.toolModel } } } satisfies RouterConfig) : undefined;
  const tool = createToolRegistry(config, cwd).get(toolId);
  const record = { ...common, kind: 'step' as const, tool_id: toolId };
  const none = { passed: true, violations: [] };
  if (!tool) return { record: { ...record, ok: false, error_class: 'tool_unavailable', message: `no tool adapter "${toolId}"`, duration_ms: r.now() - started, policy: none, validation: 'skipped' } };
  const prompt = renderAttemptPrompt(state, node, r.attempt, toolId);
  const result = await tool.run({
    worktree: cwd,
    node,
    attempt: r.attempt,
    runId: r.runId,
    timeoutMs: (step.timeout_seconds ?? STEP_DEFAULTS.timeout_seconds) * 1000,
    signal: new AbortController().signal,
    env: { ...pickToolEnv(r.parentEnv, tool.envPassThrough), ...env },
    logPath,
    ...(r.maxBudgetUsd !== undefined ? { budgetRemainingUsd: r.maxBudgetUsd } : {}),
    ...(prompt ? { prompt } : {}),
  });
  const usage = { exit_code: result.exitCode, ...(result.costUsd !== undefined ? { cost_usd: result.costUsd } : {}) };
  const elapsed = () => r.now() - started;
  if (result.errorClass)
    return { record: { ...record, ...usage, ok: false, error_class: result.errorClass, message: `step ${node.id}: ${result.message ?? 'the tool failed'}`, duration_ms: elapsed(), policy: none, validation: 'skipped', output_tail: tail(result.outputTail) } };

  const patchId = r.newId();
  await r.remote.git(['add', '--all']);
  const changed = (await r.remote.git(['diff', '--cached', '--quiet'], { okCodes: [0, 1] })).code === 1;
  let artifact: PatchArtifact | undefined;
  let scope: string | undefined;
  let filesChanged = 0;
  if (changed) {
    await r.remote.git(['commit', '--quiet', '--no-verify', '-F', '-'], { input: buildStepMessage(step.name ?? step.step_id, { runId: r.runId, stepId: node.id, attempt: r.attempt, patchId }) });
    const commit = (await r.remote.git(['rev-parse', 'HEAD'])).stdout.trim();
    const captured = await captureStepPatch({
      root: cwd,
      patchId,
      base,
      baseRef: runBranchName(r.runId),
      commit,
      origin: { run_id: r.runId, ...(node.wsId !== null ? { ws_id: node.wsId } : {}), step_id: node.id, attempt: r.attempt, tool_id: toolId, ...(prompt ? { prompt_hash: prompt.instance.prompt_hash } : {}), created_at: new Date(r.now()).toISOString() },
      summary: step.name ?? step.context?.instruction?.split('\n')[0] ?? `step ${node.id}`,
    });
    artifact = captured.artifact;
    filesChanged = artifact.scope.files_touched.length;
    scope = `${filesChanged} file${filesChanged === 1 ? '' : 's'}, +${artifact.scope.line_insertions} −${artifact.scope.line_deletions}`;
    const written = await readWrittenChanges(cwd, base, commit);
    const check = checkArtifact(state, node, r.attempt, artifact, new Date(r.now()).toISOString(), { sizes: captured.sizes, written });
    const violations = check.evaluation.violations;
    const policy = { passed: violations.length === 0 && captured.numstatMismatch === undefined, violations, ...(check.evaluation.quarantineReason ? { quarantine_reason: check.evaluation.quarantineReason } : {}) };
    if (!policy.passed) {
      const why = violations.map(describeViolation).join('; ') || (captured.numstatMismatch ?? 'rejected');
      return { artifact, scope, record: { ...record, ...usage, ok: false, error_class: 'policy_violation', message: `step ${node.id}: patch quarantined: ${why}`, duration_ms: elapsed(), patch_id: patchId, files_changed: filesChanged, policy, validation: 'skipped' } };
    }
  }
  const patch = artifact ? { patch_id: patchId, files_changed: filesChanged } : { files_changed: 0 };
  const v = step.validation;
  if (!v) return { ...(artifact ? { artifact } : {}), ...(scope ? { scope } : {}), record: { ...record, ...usage, ...patch, ok: true, duration_ms: elapsed(), policy: none, validation: 'none' } };
  const expected = v.expected_exit_code ?? STEP_DEFAULTS.expected_exit_code;
  const timeoutMs = (v.timeout_seconds ?? STEP_DEFAULTS.validation_timeout_seconds) * 1000;
  const p = await runProcess({ command: v.test_command, cwd, env, timeoutMs, signal: new AbortController().signal, logPath, logHeader: `--- uet: validation\n$ ${v.test_command}\n` });
  const passed = !p.timedOut && p.exitCode === expected;
  const failure = passed ? {} : { error_class: 'validation_failed' as const, message: `step ${node.id}: validation ${p.timedOut ? `timed out after ${timeoutMs} ms` : `exited with ${p.exitCode} (expected ${expected})`}: ${v.test_command}`, exit_code: p.exitCode, output_tail: tail(p.outputTail) };
  return { ...(artifact ? { artifact } : {}), ...(scope ? { scope } : {}), record: { ...record, ...usage, ...patch, ok: passed, ...failure, duration_ms: elapsed(), policy: none, validation: passed ? 'passed' : 'failed' } };
}
