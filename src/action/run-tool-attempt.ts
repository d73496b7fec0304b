import { createToolRegistry } from '../adapters/tools/create-tool-registry.js';
import { buildToolProcessEnv } from '../adapters/tools/build-tool-env.js';
import type { RouterConfig } from '../core/contracts/index.js';
import type { ToolJob } from '../core/run/index.js';
import { openAttempt, type AttemptRequest } from './attempt-context.js';
import { captureAttemptPatch } from './attempt-patch.js';
import { runStepTool } from './run-step-tool.js';
import type { ExecuteResult } from './execute-attempt.js';
import { attemptBudgetUsd, renderAttemptPrompt } from './start-state.js';

export interface ToolAttemptRequest extends AttemptRequest {
  readonly tool: Exclude<ToolJob, 'none'>;
  readonly toolModel?: string;
  /** A further cap from the workflow's `max_budget_usd` input; the run's own remaining budget always applies. */
  readonly maxBudgetUsd?: number;
}

/**
 * The tool job (mode `tool`; ADR 0016): only the step's AI tool runs here, with its own key. The route is checked
 * first (openAttempt), then the tool runs in the checkout of the run branch, its change is captured and checked
 * against the run's policy, and the attempt record says so with `validation: skipped`: the validation is
 * repository code, and runs in the sandbox job. The adapter is built from the job alone (the tool the job
 * installed, the model input): a router_config `binary` from the repository is never run where the key is.
 */
export async function runToolAttempt(r: ToolAttemptRequest): Promise<ExecuteResult> {
  const ctx = await openAttempt(r);
  const { node, toolId, common } = ctx;
  const own = toolId === r.tool && r.toolModel === undefined;
  const config: RouterConfig | undefined = own ? undefined : { tools: { [toolId]: { kind: 'tool', adapter: r.tool, ...(r.toolModel !== undefined ? { model: r.toolModel } : {}) } } };
  const tool = createToolRegistry(config, ctx.cwd).get(toolId);
  const budgets = [attemptBudgetUsd(ctx.state, node.id), r.maxBudgetUsd].filter((b): b is number => b !== undefined);
  const prompt = renderAttemptPrompt(ctx.state, node, r.attempt, toolId);
  const ran = await runStepTool(tool, ctx, r, {
    env: tool ? buildToolProcessEnv(ctx.env, r.parentEnv, tool.envPassThrough) : ctx.env, // the tool's own variables win
    ...(budgets.length ? { budgetRemainingUsd: Math.min(...budgets) } : {}),
    ...(prompt ? { prompt } : {}),
  });
  if (ran.failed) return ran.failed;
  const { usage } = ran;
  const record = { ...common, kind: 'step' as const, tool_id: toolId };
  const elapsed = () => r.now() - ctx.started;
  const patch = await captureAttemptPatch(r.remote, ctx, { newId: r.newId, now: r.now, toolId, ...(prompt ? { promptHash: prompt.instance.prompt_hash } : {}) });
  const files = patch.artifact ? { patch_id: patch.patchId!, files_changed: patch.filesChanged } : { files_changed: 0 };
  const quarantine = patch.quarantined !== undefined ? { ok: false, error_class: 'policy_violation' as const, message: `step ${node.id}: patch quarantined: ${patch.quarantined}` } : { ok: true };
  return {
    ...(patch.artifact ? { artifact: patch.artifact } : {}),
    ...(patch.scope !== undefined ? { scope: patch.scope } : {}),
    record: { ...record, ...usage, ...files, ...quarantine, duration_ms: elapsed(), policy: patch.policy, validation: 'skipped' },
  };
}
