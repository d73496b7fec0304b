import type { NodeState, RunStatusView, WorkstreamView } from '../../core/run/index.js';
import { formatDuration, formatUsd } from './format.js';

const ICON: Record<NodeState | WorkstreamView['state'], string> = {
  pending: '⏳',
  ready: '⏳',
  running: '🔄',
  retry_wait: '🔁',
  blocked: '⛔',
  succeeded: '✅',
  failed: '❌',
  skipped: '⏭️ ',
  canceled: '⏹️ ',
};

const WS_LABEL: Record<WorkstreamView['state'], string> = {
  pending: 'PENDING',
  running: 'IN PROGRESS',
  succeeded: 'DONE',
  failed: 'FAILED',
  skipped: 'SKIPPED',
};

function dots(label: string, width = 56): string {
  return label.length >= width ? `${label} ` : `${label} ${'.'.repeat(width - label.length - 1)} `;
}

function stepLine(s: WorkstreamView['steps'][number], running?: RunStatusView['running'][number]): string {
  let detail = '';
  if (running)
    detail = ` (running: attempt ${running.attempt}${running.tool_id ? `, ${running.tool_id}` : ''}, ${formatDuration(running.elapsed_ms)})`;
  else if (s.state === 'retry_wait') detail = ` (retrying after attempt ${s.attempts}: ${s.error ?? ''})`;
  else if (s.state === 'blocked') detail = ' (blocked: circuit breaker open)';
  else if (s.state === 'failed') detail = ` (${s.error ?? 'failed'})`;
  else if (s.state === 'skipped') detail = ` (${s.skip_reason ?? 'skipped'})`;
  else if (s.state === 'succeeded' && s.duration_ms !== undefined)
    detail = ` ${formatDuration(s.duration_ms)}${s.attempts > 1 ? `, ${s.attempts} attempts` : ''}`;
  else if (s.state === 'pending' || s.state === 'ready')
    detail = s.state === 'ready' ? ' (ready)' : ' (waiting)';
  return `  ${ICON[s.state]} ${s.step_id}${detail}`;
}

/**
 * The RunMonitor picture of a run, like the seed's mock-up: one line per workstream, its steps below
 * (all of them, or with `compact` only the active and failed ones), then progress, cost and ETA.
 */
export function renderStatus(view: RunStatusView, options: { compact?: boolean } = {}): string {
  const lines = [`=== ${view.bundle_name ?? view.bundle_id} (run ${view.run_id}) ===`];
  const running = new Map(view.running.map((r) => [r.step_id, r]));
  for (const ws of view.workstreams) {
    const count = ws.state === 'running' || ws.state === 'failed' ? ` (${ws.done}/${ws.total} steps)` : '';
    lines.push(`${dots(ws.name ?? ws.ws_id)}${ICON[ws.state]} ${WS_LABEL[ws.state]}${count}`);
    if (options.compact && ws.state !== 'running' && ws.state !== 'failed') continue;
    for (const s of ws.steps) {
      if (options.compact && s.state === 'succeeded') continue;
      lines.push(stepLine(s, running.get(s.step_id)));
    }
  }
  for (const g of view.gates) {
    if (g.state === 'pending' || g.state === 'ready') continue;
    const where = g.ws_id ?? 'bundle';
    const verdict =
      g.state === 'succeeded'
        ? 'passed'
        : g.state === 'failed'
          ? `failed (exit ${g.exit_code ?? '?'})${g.blocking ? '' : ', non-blocking'}`
          : g.state;
    lines.push(`${ICON[g.state]} gate ${g.type} ${g.gate_id} (${where}): ${verdict}`);
  }
  if (!options.compact && view.completion_criteria.length) {
    const mark = { met: '✅ met', not_met: '❌ not met', not_checkable: '❔ not checkable' } as const;
    lines.push('Completion criteria:');
    for (const c of view.completion_criteria) lines.push(`  ${mark[c.status]}: ${c.criterion} (${c.ws_id})`);
  }
  if (!options.compact && view.acceptance.accepted !== null)
    lines.push(`Acceptance (${view.acceptance.mode}): ${view.acceptance.accepted ? 'accepted' : 'not accepted'} (${view.acceptance.detail})`);
  const budget = view.cost.budget_usd === null ? '' : ` / ${formatUsd(view.cost.budget_usd)}`;
  const eta = view.eta_ms === null ? '' : view.eta_ms > 0 ? ` | ETA: ${formatDuration(view.eta_ms)}` : '';
  lines.push('');
  lines.push(
    `Progress: ${view.progress_pct}% (${view.completed}/${view.total}) | Cost: ${formatUsd(view.cost.spent_usd)}${budget} | Elapsed: ${formatDuration(view.elapsed_ms)}${eta}`,
  );
  const state = view.state.toUpperCase();
  lines.push(`State: ${state}${view.message ? ` — ${view.message}` : ''}`);
  for (const w of view.warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}
