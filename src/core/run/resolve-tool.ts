import type { Plan, PlanNode } from '../bundle/build-plan.js';
import {
  BUILT_IN_ROUTER_CONFIG,
  buildRouteRequest,
  routeStep,
  type RouteDecision,
  type RouteEnv,
} from '../router/index.js';
import type { RunRouting } from './events.js';
import type { RoutingRuntime } from './routing-state.js';
import { breakerKey, type RunState } from './state.js';

/** Whether a tool may be chosen: found when the run was created (or no probe was recorded) and not found missing since. */
export function isToolAvailable(
  routing: RunRouting | undefined,
  runtime: RoutingRuntime | undefined,
  toolId: string,
): boolean {
  if (runtime?.unavailable.has(toolId)) return false;
  return !routing || toolId === 'shell' || routing.available_tools.includes(toolId);
}

/**
 * Routes a step in a run (docs/routing.md): its tool_profile_id, else the run's router_config (recorded in
 * run_created, else the built-in default) with the breakers of its workstream, the tools' availability, the
 * round-robin positions folded from earlier route_decided events (plus those this decision already recorded,
 * `roundRobinNow`) and the remaining budget. Pure.
 */
export function resolveRoute(
  state: RunState,
  node: PlanNode,
  budgetRemainingUsd?: number,
  roundRobinNow?: ReadonlyMap<string, number>,
): RouteDecision {
  const routing = state.options.routing;
  const env: RouteEnv = {
    breaker: (t) =>
      (node.wsId !== null ? state.breakers.get(breakerKey(node.wsId, t))?.state : undefined) ?? 'closed',
    isAvailable: (t) => isToolAvailable(routing, state.routing, t),
    roundRobinCount: (key) => (state.routing?.roundRobin.get(key) ?? 0) + (roundRobinNow?.get(key) ?? 0),
    ...(budgetRemainingUsd !== undefined ? { budgetRemainingUsd } : {}),
  };
  return routeStep(
    routing?.router_config ?? BUILT_IN_ROUTER_CONFIG,
    buildRouteRequest(node, state.plan, routing?.domain),
    env,
  );
}

/**
 * The route each step would take at the start of a run, for `uet plan`: no breaker open, no budget spent, and
 * round-robin positions advancing in the plan's priority order. Pure.
 */
export function planRoutes(
  plan: Plan,
  order: readonly string[],
  routing?: RunRouting,
): Map<string, RouteDecision> {
  const counts = new Map<string, number>();
  const routes = new Map<string, RouteDecision>();
  for (const id of order) {
    const node = plan.nodes.get(id)!;
    if (node.kind !== 'step') continue;
    const env: RouteEnv = {
      breaker: () => 'closed',
      isAvailable: (t) => isToolAvailable(routing, undefined, t),
      roundRobinCount: (key) => counts.get(key) ?? 0,
      ...(plan.bundle.max_cost_usd !== undefined ? { budgetRemainingUsd: plan.bundle.max_cost_usd } : {}),
    };
    const d = routeStep(
      routing?.router_config ?? BUILT_IN_ROUTER_CONFIG,
      buildRouteRequest(node, plan, routing?.domain),
      env,
    );
    if (d.strategy === 'round_robin')
      counts.set(d.ruleId ?? 'defaults', (counts.get(d.ruleId ?? 'defaults') ?? 0) + 1);
    routes.set(id, d);
  }
  return routes;
}
