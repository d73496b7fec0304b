import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { createToolRegistry } from '../adapters/tools/create-tool-registry.js';
import { runProcess } from '../adapters/tools/run-process.js';
import { STEP_DEFAULTS } from '../core/bundle/index.js';
import type { PatchArtifact } from '../core/contracts/index.js';
import { openAttempt, type AttemptContext, type AttemptRequest } from './attempt-context.js';
import { captureAttemptPatch } from './attempt-patch.js';
import { runStepTool } from './run-step-tool.js';
import { createDirPatchStore, type AttemptRecord } from './patch-dir.js';

export interface ExecuteRequest extends AttemptRequest {
  /** Mode gate: the node must be a gate. */
  readonly gateOnly?: boolean;
  /** Where the tool job's attempt record and patch were downloaded (an AI step). */
  readonly toolDir: string;
}

export interface ExecuteResult {
  readonly record: AttemptRecord;
  readonly artifact?: PatchArtifact;
  readonly scope?: string;
}

const tail = (s: string) => s.slice(-2000);
const NONE: AttemptRecord['policy'] = { passed: true, violations: [] };

type Validation = Pick<AttemptRecord, 'validation'> & Partial<Pick<AttemptRecord, 'error_class' | 'message' | 'exit_code' | 'output_tail'>> & { ok: boolean };

/** Runs the step's `validation.test_command` in the checkout (repository code: the sandbox job only). */
async function runValidation(ctx: AttemptContext): Promise<Validation> {
  const v = ctx.node.step?.validation;
  if (!v) return { ok: true, validation: 'none' };
  const expected = v.expected_exit_code ?? STEP_DEFAULTS.expected_exit_code;
  const timeoutMs = (v.timeout_seconds ?? STEP_DEFAULTS.validation_timeout_seconds) * 1000;
  const p = await runProcess({ command: v.test_command, cwd: ctx.cwd, env: ctx.env, timeoutMs, signal: new AbortController().signal, logPath: ctx.logPath, logHeader: `--- uet: validation\n$ ${v.test_command}\n` });
  if (!p.timedOut && p.exitCode === expected) return { ok: true, validation: 'passed' };
  return {
    ok: false,
    validation: 'failed',
    error_class: 'validation_failed',
    message: `step ${ctx.node.id}: validation ${p.timedOut ? `timed out after ${timeoutMs} ms` : `exited with ${p.exitCode} (expected ${expected})`}: ${v.test_command}`,
    exit_code: p.exitCode,
    output_tail: tail(p.outputTail),
  };
}

/** The gate's command in the checkout. */
async function runGate(ctx: AttemptContext, now: () => number): Promise<ExecuteResult> {
  const g = ctx.node.gate!;
  const p = await runProcess({ command: g.command, cwd: ctx.cwd, env: ctx.env, timeoutMs: g.timeout_seconds * 1000, signal: new AbortController().signal, logPath: ctx.logPath });
  const passed = !p.timedOut && p.exitCode === 0;
  return { record: { ...ctx.common, kind: 'gate', ok: passed, exit_code: p.exitCode, duration_ms: now() - ctx.started, policy: NONE, validation: passed ? 'passed' : 'failed', output_tail: tail(p.outputTail) } };
}

/** A step without an AI tool (shell, a custom adapter): run it, capture and check its patch, validate it. */
async function runStep(r: ExecuteRequest, ctx: AttemptContext): Promise<ExecuteResult> {
  const { node, toolId, common } = ctx;
  const custom = ctx.state.options.routing?.router_config;
  const ran = await runStepTool(createToolRegistry(custom, ctx.cwd).get(toolId), ctx, r, { env: ctx.env });
  if (ran.failed) return ran.failed;
  const { usage } = ran;
  const record = { ...common, kind: 'step' as const, tool_id: toolId };
  const elapsed = () => r.now() - ctx.started;
  const patch = await captureAttemptPatch(r.remote, ctx, { newId: r.newId, now: r.now, toolId });
  const files = patch.artifact ? { patch_id: patch.patchId!, files_changed: patch.filesChanged } : { files_changed: 0 };
  const kept = { ...(patch.artifact ? { artifact: patch.artifact } : {}), ...(patch.scope !== undefined ? { scope: patch.scope } : {}) };
  if (patch.quarantined !== undefined)
    return { ...kept, record: { ...record, ...usage, ...files, ok: false, error_class: 'policy_violation', message: `step ${node.id}: patch quarantined: ${patch.quarantined}`, duration_ms: elapsed(), policy: patch.policy, validation: 'skipped' } };
  const v = await runValidation(ctx);
  return { ...kept, record: { ...record, ...usage, ...files, ...v, duration_ms: elapsed(), policy: NONE } };
}

/**
 * An AI step in the sandbox: the tool already ran in its own job. Read its attempt record and patch, put the patch
 * on the commit it was made on, and run the validation there. The tool's record passes through as it is when the
 * tool failed or its patch was quarantined (nothing to validate). The record's claims are checked again by the
 * integrate job; here only its ids must be this attempt's.
 */
async function validateToolPatch(r: ExecuteRequest, ctx: AttemptContext): Promise<ExecuteResult> {
  const { record, artifact } = await createDirPatchStore(r.toolDir).read();
  const { common, toolId } = ctx;
  if (record.run_id !== common.run_id || record.node_id !== common.node_id || record.attempt !== common.attempt || record.kind !== 'step')
    throw new Error(`the tool job's attempt record is for ${record.run_id}/${record.node_id}/${record.attempt}, not ${common.run_id}/${common.node_id}/${common.attempt}`);
  if (record.tool_id !== toolId) throw new Error(`the tool job's attempt record names tool ${record.tool_id ?? 'none'}, but the run routes ${common.node_id} to ${toolId}`);
  const kept = { record, ...(artifact ? { artifact } : {}) };
  if (!record.ok || !record.policy.passed) return kept;
  if (artifact) {
    const base = artifact.base_commit;
    if ((await r.remote.git(['cat-file', '-e', `${base}^{commit}`], { okCodes: [0, 1, 128] })).code !== 0)
      await r.remote.git(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', 'origin', base]);
    await r.remote.git(['checkout', '--quiet', '--detach', base]);
    const diffFile = join(r.logDir, `uet-${artifact.patch_id}.diff`);
    await writeFile(diffFile, artifact.diff_text);
    const applied = await r.remote.git(['apply', '--index', '--binary', diffFile], { okCodes: [0, 1, 128] });
    if (applied.code !== 0)
      return { ...kept, record: { ...record, ok: false, error_class: 'permanent', message: `step ${common.node_id}: the tool's patch does not apply on its base ${base}: ${applied.stderr.trim().slice(0, 300)}`, validation: 'skipped' } };
  }
  const validated = r.now();
  const v = await runValidation(ctx);
  return { ...kept, record: { ...record, ...v, duration_ms: record.duration_ms + (r.now() - validated) } };
}

/**
 * The sandbox job (modes `execute` and `gate`; ADR 0016): no secret, a read-only token. Everything from the
 * repository runs here: a gate's command, a shell or custom-adapter step and its validation, and the validation
 * of an AI tool's patch. The route is checked against the dispatch's `tool` input before anything runs, so that an
 * AI step never runs here without its tool job. Nothing is pushed; the result goes to the attempt record.
 */
export async function executeAttempt(r: ExecuteRequest): Promise<ExecuteResult> {
  const ctx = await openAttempt(r);
  if (r.gateOnly === true && ctx.node.kind !== 'gate') throw new Error(`mode gate: ${ctx.node.id} is a step, not a gate`);
  if (ctx.node.kind === 'gate') return runGate(ctx, r.now);
  return r.tool === 'none' ? runStep(r, ctx) : validateToolPatch(r, ctx);
}
