import type { PlanNode } from '../bundle/build-plan.js';
import { buildToolPrompt, type ToolPrompt } from '../prompt/index.js';
import { adapterOf, BUILT_IN_ROUTER_CONFIG } from '../router/index.js';
import { gateFailureOf } from './gate-failure-of.js';
import type { RunState } from './state.js';

/**
 * The prompt of a step attempt for a tool, from the run's state alone: the one source the engine (decide-route.ts,
 * whose hash prompt_rendered records) and a runner's tool job render from, so both give the same text. It states the
 * project's constraints, the repository's instruction file (run options) and, for a retry, why the last attempt
 * failed. A fork run's tool never gets a shell, whatever the constraints say (patch_only is forced): its job holds the
 * tool's key and its checkout is the fork's code, so a shell there would run fork code with a secret (ADR 0016,
 * ADR 0017). Pure.
 */
export function buildAttemptPrompt(
  state: RunState,
  node: PlanNode,
  attempt: number,
  toolId: string,
  promptId: string,
  createdAt: string,
): ToolPrompt {
  const n = state.nodes.get(node.id);
  const config = state.options.routing?.router_config ?? BUILT_IN_ROUTER_CONFIG;
  const gateFailure = gateFailureOf(state, node);
  const constraints = state.options.fork === true ? { ...state.options.constraints, patch_only: true } : state.options.constraints;
  return buildToolPrompt({
    node,
    plan: state.plan,
    attempt,
    runId: state.runId,
    toolId,
    adapterId: adapterOf(config, toolId),
    promptId,
    createdAt,
    ...(constraints ? { constraints } : {}),
    ...(state.options.instructions ? { instructions: state.options.instructions } : {}),
    ...(n?.lastError && attempt > 1 ? { previousError: n.lastError } : {}),
    ...(gateFailure ? { gateFailure } : {}),
  });
}
