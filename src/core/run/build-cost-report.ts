import type { Tokens } from './events.js';
import type { RunState } from './state.js';

/** What one step cost: its tool and model, its attempts' time, tokens and money. */
export interface StepCost {
  step_id: string;
  ws_id: string;
  /** The tool of its latest attempt. */
  tool_id?: string;
  /** The model the run's router configuration asks that tool for; absent: the tool's own default. */
  model?: string;
  attempts: number;
  duration_ms: number;
  tokens: Tokens;
  cost_usd: number;
}

/** The cost of a run, per step and in total, against its budget (what reviewers see on GitHub and `uet status`). */
export interface CostReport {
  steps: StepCost[];
  total: { cost_usd: number; budget_usd: number | null; tokens: Tokens; duration_ms: number; attempts: number };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * The cost report of a run from its fold: one line per step that started (in plan order), each summing its
 * attempts' recorded duration, tokens and cost, with the tool of its latest attempt and that tool's configured
 * model; the total is the run's spend against the bundle budget. Pure.
 */
export function buildCostReport(state: RunState): CostReport {
  const tools = state.options.routing?.router_config.tools ?? {};
  const byStep = new Map<string, StepCost>();
  for (const a of state.attempts) {
    const p = state.plan.nodes.get(a.stepId);
    const line = byStep.get(a.stepId) ?? {
      step_id: a.stepId,
      ws_id: p?.wsId ?? '',
      attempts: 0,
      duration_ms: 0,
      tokens: { input: 0, output: 0 },
      cost_usd: 0,
    };
    line.attempts += 1;
    line.tool_id = a.toolId;
    const model = tools[a.toolId]?.model;
    if (model !== undefined) line.model = model;
    else delete line.model;
    line.duration_ms += a.durationMs ?? 0;
    line.tokens = { input: line.tokens.input + (a.tokens?.input ?? 0), output: line.tokens.output + (a.tokens?.output ?? 0) };
    line.cost_usd = round(line.cost_usd + (a.costUsd ?? 0));
    byStep.set(a.stepId, line);
  }
  const steps = state.plan.order.flatMap((id) => byStep.get(id) ?? []);
  const sum = (f: (s: StepCost) => number) => steps.reduce((t, s) => t + f(s), 0);
  return {
    steps,
    total: {
      cost_usd: round(state.budget.spentUsd),
      budget_usd: state.budget.limitUsd ?? null,
      tokens: { input: state.tokens.input, output: state.tokens.output },
      duration_ms: sum((s) => s.duration_ms),
      attempts: sum((s) => s.attempts),
    },
  };
}
