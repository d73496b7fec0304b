import type { PlanNode } from '../bundle/build-plan.js';
import { buildPromptId, type ToolPrompt } from '../prompt/index.js';
import { adapterOf, BUILT_IN_ROUTER_CONFIG, NO_TOOL } from '../router/index.js';
import { buildAttemptPrompt } from './build-attempt-prompt.js';
import type { EventBody } from './events.js';
import { isToolAvailable, resolveRoute } from './resolve-tool.js';
import { breakerKey, type NodeRuntime, type RunState } from './state.js';

export type StartRoute =
  /** Bookkeeping first: route_decided and/or prompt_rendered, recorded before the step may start. */
  | { readonly kind: 'record'; readonly events: EventBody[] }
  | { readonly kind: 'ready'; readonly toolId: string; readonly prompt?: ToolPrompt };

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The tool and prompt of a step's next attempt. When the log has no route for that attempt, or the routed tool
 * became unusable (breaker open, tool unavailable) and the router now picks another, usable one, it returns a
 * route_decided to record. When the tool is an AI tool (any adapter but shell) and the log has no prompt of the same text for
 * the attempt, it returns a prompt_rendered. Only once both are in the log is the step ready to start. Pure.
 */
export function decideRoute(
  state: RunState,
  p: PlanNode,
  n: NodeRuntime,
  now: number,
  budgetRemainingUsd?: number,
  roundRobinNow: Map<string, number> = new Map(),
): StartRoute {
  const attempt = n.attempts + 1;
  const events: EventBody[] = [];
  const config = state.options.routing?.router_config ?? BUILT_IN_ROUTER_CONFIG;
  let route =
    n.route?.forAttempt === attempt ? { toolId: n.route.toolId, strategy: n.route.strategy } : undefined;
  const wsBreaker = (t: string) =>
    (p.wsId !== null ? state.breakers.get(breakerKey(p.wsId, t))?.state : undefined) ?? 'closed';
  const usable = (t: string) =>
    isToolAvailable(state.options.routing, state.routing, t) && wsBreaker(t) === 'closed';
  if (!route || (route.strategy !== 'explicit' && !usable(route.toolId))) {
    const d = resolveRoute(state, p, budgetRemainingUsd, roundRobinNow);
    // A recorded route is replaced only by a usable tool: never flip between unusable ones.
    if (!route || (d.toolId !== route.toolId && usable(d.toolId))) {
      if (d.strategy === 'round_robin')
        roundRobinNow.set(d.ruleId ?? 'defaults', (roundRobinNow.get(d.ruleId ?? 'defaults') ?? 0) + 1);
      events.push({
        type: 'route_decided',
        data: {
          step_id: p.id,
          tool_id: d.toolId,
          strategy: d.strategy,
          reason: d.reason,
          ...(d.ruleId !== undefined ? { rule_id: d.ruleId } : {}),
          candidates: [...d.candidates],
        },
      });
      route = { toolId: d.toolId, strategy: d.strategy };
    }
  }
  const adapterId = adapterOf(config, route.toolId);
  if (adapterId === 'shell' || route.toolId === NO_TOOL)
    return events.length ? { kind: 'record', events } : { kind: 'ready', toolId: route.toolId };

  const recorded = events.length === 0 && n.prompt?.attempt === attempt ? n.prompt : undefined;
  const render = (promptId: string, createdAt: string) =>
    buildAttemptPrompt(state, p, attempt, route.toolId, promptId, createdAt);
  const prompt = render(recorded?.promptId ?? '', recorded?.createdAt ?? iso(now));
  if (recorded && recorded.promptHash === prompt.instance.prompt_hash)
    return {
      kind: 'ready',
      toolId: route.toolId,
      prompt: { ...prompt, instance: { ...prompt.instance, prompt_id: recorded.promptId } },
    };
  const hash = prompt.instance.prompt_hash;
  const promptId = buildPromptId(now, `${state.runId}/${p.id}/${attempt}/${route.toolId}/${hash}`);
  events.push({
    type: 'prompt_rendered',
    data: { step_id: p.id, attempt, prompt_id: promptId, prompt_hash: hash, ...instructionsRecord(state) },
  });
  return { kind: 'record', events };
}

/** What prompt_rendered records of the instruction file the prompt holds (the text itself is in run_created). */
function instructionsRecord(state: RunState) {
  const i = state.options.instructions;
  return i ? { instructions: { path: i.path, blob_sha: i.blob_sha, truncated: i.truncated } } : {};
}

/** What is left of the tightest budget that applies to a workstream's steps, if any: for the auto strategy. */
export function remainingBudgetUsd(state: RunState, wsId: string | null): number | undefined {
  const left = [state.budget, wsId !== null ? state.wsBudget.get(wsId) : undefined]
    .filter((b) => b?.limitUsd !== undefined)
    .map((b) => b!.limitUsd! - b!.spentUsd - b!.reservedUsd);
  return left.length ? Math.max(0, Math.min(...left)) : undefined;
}

/**
 * Whether a routed attempt that failed with tool_unavailable can fall back: its route was not explicit and another
 * of its candidates is still usable. outcomeEvents then makes the failure retryable, and the retry is routed again.
 */
export function canFallBack(state: RunState, stepId: string, attempt: number, errorClass: string): boolean {
  const route = state.nodes.get(stepId)?.route;
  if (
    errorClass !== 'tool_unavailable' ||
    !route ||
    route.forAttempt !== attempt ||
    route.strategy === 'explicit'
  )
    return false;
  return (route.candidates ?? []).some(
    (t) => t !== route.toolId && isToolAvailable(state.options.routing, state.routing, t),
  );
}
