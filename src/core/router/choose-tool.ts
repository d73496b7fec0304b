import type { RouterConfig } from '../contracts/index.js';
import { toolEntry } from './built-in-tools.js';
import type { RouteEnv, RoutingStrategy } from './route-request.js';

/** Estimated cost of one attempt by a tool's cost_tier, for the auto strategy's budget check (docs/routing.md). */
export const COST_TIER_USD = { free: 0, low: 0.1, medium: 0.5, high: 2 } as const;

const TIER_RANK = { free: 0, low: 1, medium: 2, high: 3 } as const;

export interface ToolChoice {
  readonly toolId: string;
  /** Why this candidate and not the ones before it. */
  readonly note: string;
}

function whyNot(env: RouteEnv, t: string): string {
  if (!env.isAvailable(t)) return `${t} is unavailable`;
  const b = env.breaker(t);
  return b === 'open' ? `${t}'s circuit breaker is open` : `${t}'s circuit breaker is half-open`;
}

/** The first candidate, from `start` round, that is usable; else one that is half-open; else the first. */
function firstUsable(candidates: readonly string[], env: RouteEnv, start = 0): ToolChoice {
  const order = candidates.map((_, i) => candidates[(start + i) % candidates.length]!);
  const skipped: string[] = [];
  for (const t of order) {
    if (env.isAvailable(t) && env.breaker(t) === 'closed')
      return { toolId: t, note: skipped.length ? `${skipped.join(', ')}; fell back to ${t}` : '' };
    skipped.push(whyNot(env, t));
  }
  const trial = order.find((t) => env.isAvailable(t) && env.breaker(t) === 'half_open');
  if (trial) return { toolId: trial, note: `${skipped.join(', ')}; ${trial} gets the half-open trial` };
  return { toolId: order[0]!, note: `no candidate is usable (${skipped.join(', ')})` };
}

/**
 * Picks a tool from the candidates (in preference order) with a strategy. fixed: the first usable one (available,
 * breaker closed). round_robin: the same, starting at the rule's position, which advances with every round-robin
 * decision recorded in the run. auto: among the usable ones whose estimated cost fits the remaining budget, the
 * best capability match for the task kind, then the cheapest cost tier, then candidate order.
 */
export function chooseTool(
  config: RouterConfig,
  strategy: RoutingStrategy,
  candidates: readonly string[],
  env: RouteEnv,
  context: { taskKind?: string; roundRobinKey: string },
): ToolChoice {
  if (strategy === 'round_robin') {
    const position = env.roundRobinCount(context.roundRobinKey) % candidates.length;
    const c = firstUsable(candidates, env, position);
    return {
      toolId: c.toolId,
      note: `position ${position + 1} of ${candidates.length}${c.note ? `; ${c.note}` : ''}`,
    };
  }
  if (strategy === 'fixed') return firstUsable(candidates, env);
  const tier = (t: string) => toolEntry(config, t)?.cost_tier ?? 'medium';
  const usable = candidates.filter((t) => env.isAvailable(t) && env.breaker(t) === 'closed');
  const budget = env.budgetRemainingUsd;
  const fits = usable.filter((t) => budget === undefined || COST_TIER_USD[tier(t)] <= budget + 1e-9);
  const capable = (t: string) =>
    context.taskKind && toolEntry(config, t)?.capabilities?.includes(context.taskKind) ? 0 : 1;
  const ranked = [...fits].sort(
    (a, b) =>
      capable(a) - capable(b) ||
      TIER_RANK[tier(a)] - TIER_RANK[tier(b)] ||
      candidates.indexOf(a) - candidates.indexOf(b),
  );
  const best = ranked[0];
  if (best) {
    const parts = [capable(best) === 0 ? `capable of ${context.taskKind}` : '', `cost tier ${tier(best)}`];
    if (fits.length < usable.length)
      parts.push(`over budget: ${usable.filter((t) => !fits.includes(t)).join(', ')}`);
    return { toolId: best, note: parts.filter(Boolean).join(', ') };
  }
  if (usable.length) {
    const cheapest = [...usable].sort((a, b) => TIER_RANK[tier(a)] - TIER_RANK[tier(b)])[0]!;
    return {
      toolId: cheapest,
      note: `no candidate fits the remaining budget of $${(budget ?? 0).toFixed(2)}; the cheapest is ${cheapest}`,
    };
  }
  return firstUsable(candidates, env);
}
