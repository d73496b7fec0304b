import type { Plan } from '../../core/bundle/index.js';
import { buildPlanReport, renderMermaid } from '../../core/run/index.js';
import { cell, code, duration, fitBody, table, usd } from './markdown.js';

/**
 * The reply to `/uet plan`: what a run would do, and that nothing ran. Waves, critical path, routing (the tool of
 * each step), budget and estimate, the gates, and the DAG as a Mermaid diagram.
 */
export function renderPlan(plan: Plan, source: { path: string; sha: string }): string {
  const r = buildPlanReport(plan);
  const head = [
    `### UET plan — ${cell(plan.bundle.bundle_name ?? plan.bundle.bundle_id, 80)}`,
    '',
    `${code(source.path, 120)} at \`${source.sha.slice(0, 7)}\` · ${r.steps} steps, ${r.gates} gates · max ${r.max_parallel} in parallel · **dry run: nothing was dispatched**. Comment \`/uet run\` to run it.`,
  ].join('\n');
  const summary = table(
    ['Estimate', 'Value'],
    [
      [
        'Critical path',
        `${duration(r.critical_path_seconds * 1000)}: ${r.critical_path.map((id) => `${code(id, 48)}`).join(' → ')}`,
      ],
      [
        'Makespan (estimated)',
        `${duration(r.estimated_makespan_seconds * 1000)} (lower bound ${duration(r.lower_bound_seconds * 1000)}, total work ${duration(r.total_work_seconds * 1000)})`,
      ],
      [
        'Budget',
        `${r.budget.bundle_usd !== null ? usd(r.budget.bundle_usd) : 'none'} · estimated cost ${usd(r.budget.estimated_cost_usd)}`,
      ],
      ['Priority rule', cell(r.priority_rule)],
    ],
  );
  const waves = table(
    ['Wave', 'Nodes'],
    r.waves.map((w, i) => [String(i + 1), w.map((id) => `${code(id, 48)}`).join(', ')]),
  );
  const routing = table(
    ['Step', 'Workstream', 'Tool', 'Estimate'],
    [...plan.nodes.values()]
      .filter((n) => n.kind === 'step')
      .map((n) => [
        `${code(n.id, 48)}`,
        cell(n.wsId),
        `${code(r.tools[n.id], 32)}`,
        `${duration(n.estimateSeconds * 1000)} · ${usd(n.estimateCostUsd)}`,
      ]),
  );
  const gates = r.gate_list.length
    ? table(
        ['Gate', 'Type', 'Workstream', 'Blocking', 'Command'],
        r.gate_list.map((g) => [
          `${code(g.node, 64)}`,
          cell(g.type),
          cell(g.ws_id ?? 'bundle'),
          g.blocking ? 'yes' : 'no',
          `${code(g.command, 80)}`,
        ]),
      )
    : '_No gates._';
  return fitBody([
    head,
    summary,
    `#### Waves\n${waves}`,
    `#### Routing\n${routing}`,
    `#### Gates\n${gates}`,
    `<details><summary>DAG</summary>\n\n\`\`\`mermaid\n${renderMermaid(plan)}\n\`\`\`\n</details>`,
  ]);
}
