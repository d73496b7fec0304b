import type { RouterConfig, RouterLegacyRoute, RouterRule } from '../contracts/index.js';

const LEGACY_PRIORITY: Record<NonNullable<RouterLegacyRoute['priority']>, number> = {
  critical: 300,
  high: 200,
  normal: 100,
  low: 0,
};

/** Seed 2's route number i (from 1) as rule `route-<i>`: strategy fixed over its tools, priority by name. */
export function convertLegacyRoute(route: RouterLegacyRoute, index: number): RouterRule {
  return {
    rule_id: `route-${index + 1}`,
    priority: LEGACY_PRIORITY[route.priority ?? 'normal'],
    match: {
      task_kind: route.task_kind,
      ...(route.file_patterns ? { file_patterns: route.file_patterns } : {}),
    },
    strategy: 'fixed',
    tools: route.tools,
  };
}

/**
 * The rules in the order they are tried: highest priority first; at equal priority the config's rules in file
 * order, then the converted legacy routes in their order. Pure.
 */
export function buildRuleOrder(config: RouterConfig): RouterRule[] {
  const rules = (config.rules ?? []).map((rule, i) => ({ rule, key: i }));
  const offset = rules.length;
  const routes = (config.routes ?? []).map((r, i) => ({ rule: convertLegacyRoute(r, i), key: offset + i }));
  return [...rules, ...routes]
    .sort((a, b) => (b.rule.priority ?? 0) - (a.rule.priority ?? 0) || a.key - b.key)
    .map((x) => x.rule);
}
