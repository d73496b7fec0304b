import type { CostReport } from '../../core/run/index.js';
import { code, duration, table, usd } from './markdown.js';

const tokens = (n: number) => (n >= 10_000 ? `${Math.round(n / 1000)}k` : String(n));

/** The run's total against its budget, in one line: what the result PR body and the headline show. */
export function renderCostTotal(report: CostReport): string {
  const t = report.total;
  const budget = t.budget_usd !== null ? ` of the ${usd(t.budget_usd)} budget` : ' (no budget)';
  return `${usd(t.cost_usd)}${budget} · ${tokens(t.tokens.input)} tokens in, ${tokens(t.tokens.output)} out · ${t.attempts} attempt${t.attempts === 1 ? '' : 's'} · ${duration(t.duration_ms)} of step time`;
}

/**
 * The cost section of the sticky comment and the run check: per step that ran, its tool, model, duration, tokens
 * and cost, then the total against the budget. Tool and model names come from configuration: shown as code. Pure.
 */
export function renderCost(report: CostReport): string {
  const rows = report.steps.map((s) => [
    code(s.step_id, 64),
    code(s.tool_id ?? '—', 32),
    s.model !== undefined ? code(s.model, 48) : '_default_',
    duration(s.duration_ms),
    `${tokens(s.tokens.input)} / ${tokens(s.tokens.output)}`,
    usd(s.cost_usd),
  ]);
  const body = rows.length
    ? table(['Step', 'Tool', 'Model', 'Duration', 'Tokens in / out', 'Cost'], rows)
    : '_No step has run yet._';
  return `#### Cost\n${body}\n\n**Total:** ${renderCostTotal(report)}`;
}
