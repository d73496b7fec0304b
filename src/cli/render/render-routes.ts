import type { PlanReport } from '../../core/run/index.js';

/**
 * The routing column of `uet plan`: one row per step with the tool it would run with, how that tool was chosen
 * (explicit, or the strategy and the rule) and why, in a table aligned on its first three columns.
 */
export function renderRoutes(r: Pick<PlanReport, 'routes' | 'router_config_source'>): string[] {
  if (!r.routes.length) return [];
  const rows = r.routes.map((x) => [
    x.step_id,
    x.tool_id,
    x.rule_id !== undefined ? `${x.strategy} (${x.rule_id})` : x.strategy,
    x.reason,
  ]);
  const head = ['step', 'tool', 'routing', 'reason'];
  const width = [0, 1, 2].map((i) => Math.max(head[i]!.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < 3 ? c.padEnd(width[i]!) : c))
      .join('  ')
      .trimEnd();
  return [
    `routing (router_config: ${r.router_config_source}):`,
    `  ${line(head)}`,
    ...rows.map((row) => `  ${line(row)}`),
  ];
}
