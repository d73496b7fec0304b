import type { RouteDecisionStrategy } from './events.js';
import type { RunState } from './state.js';

export interface RoutingReport {
  /** Where the run's router_config came from: a repository path, or built-in. */
  config_source: string;
  /** Tools found when the run was created; null when the run recorded no probe. */
  available_tools: string[] | null;
  /** Tools that reported tool_unavailable during the run. */
  unavailable_tools: string[];
  /** Every route_decided, in log order. */
  decisions: {
    step_id: string;
    attempt: number;
    tool_id: string;
    strategy: RouteDecisionStrategy;
    reason: string;
    rule_id?: string;
    candidates?: string[];
  }[];
  /** Every prompt_rendered, with the path of its prompt_instance document relative to the repository root. */
  prompts: { step_id: string; attempt: number; prompt_id: string; prompt_hash: string; path: string }[];
}

/** The routing decisions and prompts of a run, for `uet status --json`. Pure. */
export function buildRoutingReport(state: RunState): RoutingReport {
  const r = state.routing;
  return {
    config_source: state.options.routing?.source ?? 'built-in',
    available_tools: state.options.routing ? [...state.options.routing.available_tools] : null,
    unavailable_tools: [...(r?.unavailable ?? [])],
    decisions: (r?.decisions ?? []).map((d) => ({
      step_id: d.stepId,
      attempt: d.forAttempt,
      tool_id: d.toolId,
      strategy: d.strategy,
      reason: d.reason,
      ...(d.ruleId !== undefined ? { rule_id: d.ruleId } : {}),
      ...(d.candidates !== undefined ? { candidates: [...d.candidates] } : {}),
    })),
    prompts: (r?.prompts ?? []).map((p) => ({
      step_id: p.stepId,
      attempt: p.attempt,
      prompt_id: p.promptId,
      prompt_hash: p.promptHash,
      path: `.uet/runs/${state.runId}/prompts/${p.promptId}.json`,
    })),
  };
}
