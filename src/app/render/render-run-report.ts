import { buildCostReport, type RunEvent, type RunState, type RunStatusView } from '../../core/run/index.js';
import { renderCost } from './render-cost.js';
import { cell, code, duration, table, usd } from './markdown.js';
import { summarizePatches } from './patch-events.js';
import { STATE_MARK } from './state-marks.js';

/**
 * The report of a run in sections (steps, patches, quarantined patches, gates, cost), shared by the run check's
 * summary and the result PR's body. Pure.
 */
export function renderRunReport(state: RunState, events: readonly RunEvent[], view: RunStatusView): string[] {
  const steps = view.workstreams.flatMap((ws) =>
    ws.steps.map((s) => [
      `${code(s.step_id, 64)}`,
      cell(ws.ws_id, 48),
      STATE_MARK[s.state],
      String(s.attempts),
      `${code(s.tool_id ?? '—', 32)}`,
      duration(s.duration_ms),
      usd(state.nodes.get(s.step_id)?.costUsd),
      cell(s.error ?? s.skip_reason ?? '', 160),
    ]),
  );
  const sections = [
    `#### Steps\n${table(['Step', 'Workstream', 'State', 'Attempts', 'Tool', 'Duration', 'Cost', 'Note'], steps)}`,
  ];
  const patches = summarizePatches(events);
  const kept = patches.filter((p) => p.state !== 'quarantined');
  const quarantined = patches.filter((p) => p.state === 'quarantined');
  sections.push(
    kept.length
      ? `#### Patches\n${table(
          ['Patch', 'Step', 'Ledger state', 'Scope'],
          kept.map((p) => [
            `\`${p.patchId}\``,
            `${code(p.stepId ?? '—', 64)}`,
            p.state,
            cell(p.paths.length ? `${p.paths.length} file(s): ${p.paths.slice(0, 8).join(', ')}` : '—', 300),
          ]),
        )}`
      : '#### Patches\n_No patches recorded._',
  );
  if (quarantined.length) {
    sections.push(
      `#### Quarantined patches\n${table(
        ['Patch', 'Step', 'Paths', 'Why'],
        quarantined.map((p) => [
          `\`${p.patchId}\``,
          `${code(p.stepId ?? '—', 64)}`,
          cell(p.paths.join(', '), 200),
          cell(p.reasons.join('; ') || 'policy', 300),
        ]),
      )}`,
    );
  }
  if (view.gates.length) {
    sections.push(
      `#### Gates\n${table(
        ['Gate', 'Type', 'Workstream', 'Required', 'State'],
        view.gates.map((g) => [
          `${code(g.gate_id, 64)}`,
          cell(g.type),
          cell(g.ws_id ?? 'bundle'),
          g.required ? 'yes' : 'no',
          STATE_MARK[g.state],
        ]),
      )}`,
    );
  }
  // Per step: tool, model, duration, tokens and cost; then the total against the budget (render-cost.ts).
  sections.push(renderCost(buildCostReport(state)));
  return sections;
}
