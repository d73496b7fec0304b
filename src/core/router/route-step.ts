import type { RouterConfig } from '../contracts/index.js';
import { toolEntry } from './built-in-tools.js';
import { chooseTool } from './choose-tool.js';
import { matchRule } from './match-rule.js';
import { buildRuleOrder } from './normalize-router-config.js';
import { NO_TOOL, type RouteDecision, type RouteEnv, type RouteRequest } from './route-request.js';

const enabled = (config: RouterConfig, t: string) => toolEntry(config, t)?.enabled !== false;

function finish(
  config: RouterConfig,
  request: RouteRequest,
  env: RouteEnv,
  how: { strategy: 'fixed' | 'round_robin' | 'auto'; tools: readonly string[]; ruleId?: string; why: string },
): RouteDecision {
  const candidates = how.tools.filter((t) => enabled(config, t));
  const choice = chooseTool(config, how.strategy, candidates, env, {
    ...(request.taskKind !== undefined ? { taskKind: request.taskKind } : {}),
    roundRobinKey: how.ruleId ?? 'defaults',
  });
  return {
    toolId: choice.toolId,
    strategy: how.strategy,
    reason: `${how.why}: ${how.strategy} over ${candidates.join(', ')}${choice.note ? ` (${choice.note})` : ''}`,
    ...(how.ruleId !== undefined ? { ruleId: how.ruleId } : {}),
    candidates,
  };
}

/**
 * Routes one step (docs/routing.md). A step's tool_profile_id wins. A step with a command and no instruction goes
 * to shell. Otherwise the first rule by priority whose match fits and that has an enabled tool decides; then a
 * step with a command goes to shell; then the defaults; else no tool (the step fails with tool_unavailable). Pure:
 * breakers, availability, round-robin positions and the budget come in through `env`.
 */
export function routeStep(config: RouterConfig, request: RouteRequest, env: RouteEnv): RouteDecision {
  if (request.explicitTool !== undefined) {
    return {
      toolId: request.explicitTool,
      strategy: 'explicit',
      reason: `the step names its tool (tool_profile_id ${request.explicitTool})`,
      candidates: [request.explicitTool],
    };
  }
  const shell = (why: string): RouteDecision => ({
    toolId: 'shell',
    strategy: 'fixed',
    reason: why,
    candidates: ['shell'],
  });
  if (request.hasCommand && !request.hasInstruction)
    return shell('the step has a command and no instruction: shell');
  for (const rule of buildRuleOrder(config)) {
    const why = matchRule(rule.match, request);
    if (!why || !rule.tools.some((t) => enabled(config, t))) continue;
    const on = why.length ? ` on ${why.join(', ')}` : '';
    return finish(config, request, env, {
      strategy: rule.strategy ?? 'fixed',
      tools: rule.tools,
      ruleId: rule.rule_id,
      why: `rule ${rule.rule_id} matched${on}`,
    });
  }
  if (request.hasCommand) return shell('no rule matched and the step has a command: shell');
  const d = config.defaults;
  if (d) {
    const tools = [...new Set([d.tool_id, ...(d.fallbacks ?? [])])];
    if (tools.some((t) => enabled(config, t)))
      return finish(config, request, env, {
        strategy: d.strategy ?? 'fixed',
        tools,
        why: 'no rule matched; defaults',
      });
  }
  const on = [
    request.taskKind && `task_kind ${request.taskKind}`,
    request.paths.length && `files ${request.paths.join(', ')}`,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    toolId: NO_TOOL,
    strategy: 'fixed',
    reason: `no router_config rule matched${on ? ` (${on})` : ''} and router_config has no usable defaults`,
    candidates: [],
  };
}
