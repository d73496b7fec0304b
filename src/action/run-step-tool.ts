import type { ToolAdapter, ToolInput } from '../adapters/tools/tool-adapter.js';
import { STEP_DEFAULTS } from '../core/bundle/index.js';
import type { AttemptContext, AttemptRequest } from './attempt-context.js';
import type { ExecuteResult } from './execute-attempt.js';
import type { AttemptRecord } from './patch-dir.js';

/** What a step's tool ended with: the attempt's result when it failed (or there is no tool), else its usage. */
export type StepToolOutcome =
  | { readonly failed: ExecuteResult }
  | { readonly failed?: undefined; readonly usage: Pick<AttemptRecord, 'exit_code' | 'cost_usd' | 'tokens'> };

/**
 * Runs the step's tool in the checkout for one attempt, as the tool job (an AI tool) and the sandbox job (shell, a
 * custom adapter) both do: `tool_unavailable` without an adapter, the tool's own failure as the attempt's record
 * (`validation: skipped`), else its exit code and cost for the record the caller completes.
 */
export async function runStepTool(
  tool: ToolAdapter | undefined,
  ctx: AttemptContext,
  r: Pick<AttemptRequest, 'attempt' | 'runId' | 'now'>,
  more: Pick<ToolInput, 'env' | 'budgetRemainingUsd' | 'prompt'>,
): Promise<StepToolOutcome> {
  const { node, toolId, common } = ctx;
  const record = { ...common, kind: 'step' as const, tool_id: toolId, policy: { passed: true, violations: [] }, validation: 'skipped' as const };
  const elapsed = () => r.now() - ctx.started;
  if (!tool) return { failed: { record: { ...record, ok: false, error_class: 'tool_unavailable', message: `no tool adapter "${toolId}"`, duration_ms: elapsed() } } };
  const result = await tool.run({
    worktree: ctx.cwd,
    node,
    attempt: r.attempt,
    runId: r.runId,
    timeoutMs: (node.step!.timeout_seconds ?? STEP_DEFAULTS.timeout_seconds) * 1000,
    signal: new AbortController().signal,
    logPath: ctx.logPath,
    ...more,
  });
  const usage = {
    exit_code: result.exitCode,
    ...(result.costUsd !== undefined ? { cost_usd: result.costUsd } : {}),
    // The tokens the tool reported: the progress comment and the run check show them per step (ADR 0023).
    ...(result.tokens !== undefined ? { tokens: { input: result.tokens.input, output: result.tokens.output } } : {}),
  };
  if (result.errorClass)
    return { failed: { record: { ...record, ...usage, ok: false, error_class: result.errorClass, message: `step ${node.id}: ${result.message ?? 'the tool failed'}`, duration_ms: elapsed(), output_tail: result.outputTail.slice(-2000) } } };
  return { usage };
}
