import type { NodeCounts, NodeState, RunStatusView, WorkstreamView } from '../../core/run/index.js';
import { formatDateTime, formatDuration, formatUsd } from './format.js';
import type { OutputStyle } from './output-style.js';

type Mark = NodeState | WorkstreamView['state'];

const ICON: Record<Mark, string> = {
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

/** The same marks in plain text, for pipes, files and TERM=dumb. */
const TAG: Record<Mark, string> = {
  pending: '[waiting]',
  ready: '[ready]',
  running: '[running]',
  retry_wait: '[retry]',
  blocked: '[blocked]',
  succeeded: '[ok]',
  failed: '[FAILED]',
  skipped: '[skipped]',
  canceled: '[canceled]',
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

function stepLine(mark: (m: Mark) => string, s: WorkstreamView['steps'][number], running?: RunStatusView['running'][number]): string {
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
  return `  ${mark(s.state)} ${s.step_id}${detail}`;
}

/** `4 succeeded, 1 failed, 2 waiting (of 7)`: the states that occur, never a bare percentage. */
export function describeCounts(c: NodeCounts, words: { succeeded?: string } = {}): string {
  const shown = (
    [
      [c.succeeded, words.succeeded ?? 'succeeded'],
      [c.failed, 'failed'],
      [c.skipped, 'skipped'],
      [c.blocked, 'blocked'],
      [c.running, 'running'],
      [c.waiting, 'waiting'],
    ] as const
  ).filter(([n]) => n > 0);
  return `${shown.length ? shown.map(([n, w]) => `${n} ${w}`).join(', ') : 'none'} (of ${c.total})`;
}

export interface RenderStatusOptions {
  /** Only the active and failed parts (the live picture of `uet run`). */
  readonly compact?: boolean;
  readonly style?: OutputStyle;
}

/**
 * The RunMonitor picture of a run, like the seed's mock-up: one line per workstream, its steps below (all of them,
 * or with `compact` only the active and failed ones), then the step and gate counts, cost, elapsed time (without the
 * downtime between a stop and a resume) and ETA, and the state. Plain text without emoji when `style.plain`.
 */
export function renderStatus(view: RunStatusView, options: RenderStatusOptions = {}): string {
  const plain = options.style?.plain === true;
  const mark = (m: Mark) => (plain ? TAG[m] : ICON[m]);
  const lines = [`=== ${view.bundle_name ?? view.bundle_id} (run ${view.run_id}) ===`];
  const running = new Map(view.running.map((r) => [r.step_id, r]));
  for (const ws of view.workstreams) {
    const count = ws.state === 'running' || ws.state === 'failed' ? ` (${ws.done}/${ws.total} steps)` : '';
    lines.push(`${dots(ws.name ?? ws.ws_id)}${mark(ws.state)} ${WS_LABEL[ws.state]}${count}`);
    if (options.compact && ws.state !== 'running' && ws.state !== 'failed') continue;
    for (const s of ws.steps) {
      if (options.compact && s.state === 'succeeded') continue;
      lines.push(stepLine(mark, s, running.get(s.step_id)));
    }
  }
  for (const g of view.gates) {
    if ((g.state === 'pending' || g.state === 'ready') && !g.repair) continue;
    const where = g.ws_id ?? 'bundle';
    const verdict =
      g.state === 'succeeded'
        ? 'passed'
        : g.state === 'failed'
          ? `failed (exit ${g.exit_code ?? '?'}${g.exit_code === 127 ? ': command not found' : ''})${g.blocking ? '' : ', non-blocking'}`
          : g.repair && g.state === 'pending'
            ? `failed (exit ${g.exit_code ?? '?'}), repairing`
            : g.repair && g.state === 'ready'
              ? 'runs again'
              : g.state;
    const repair = g.repair ? `; repair ${g.repair.round} of ${g.repair.of} (${g.repair.step_id}) ${g.repair.state}` : '';
    lines.push(`${mark(g.state)} gate ${g.type} ${g.gate_id} (${where}): ${verdict}${repair}`);
  }
  if (!options.compact && view.completion_criteria.length) {
    const met = { met: plain ? '[met]' : '✅ met', not_met: plain ? '[not met]' : '❌ not met', not_checkable: plain ? '[not checkable]' : '❔ not checkable' } as const;
    lines.push('Completion criteria:');
    for (const c of view.completion_criteria) lines.push(`  ${met[c.status]}: ${c.criterion} (${c.ws_id})`);
  }
  if (!options.compact && view.acceptance.accepted !== null)
    lines.push(`Acceptance (${view.acceptance.mode}): ${view.acceptance.accepted ? 'accepted' : 'not accepted'} (${view.acceptance.detail})`);
  lines.push('');
  const gates = view.gate_counts.total ? ` | Gates: ${describeCounts(view.gate_counts, { succeeded: 'passed' })}` : '';
  lines.push(`Steps: ${describeCounts(view.step_counts)}${gates}`);
  const budget = view.cost.budget_usd === null ? '' : ` / ${formatUsd(view.cost.budget_usd)}`;
  const eta = view.eta_ms !== null && view.eta_ms > 0 ? ` | ETA: ${formatDuration(view.eta_ms)}` : '';
  const started = !options.compact && view.started_at_ms !== undefined ? ` | Started: ${formatDateTime(view.started_at_ms, options.style?.tz)}` : '';
  lines.push(`Cost: ${formatUsd(view.cost.spent_usd)}${budget} | Elapsed: ${formatDuration(view.elapsed_ms)}${eta}${started}`);
  const detail =
    view.state === 'stopped'
      ? `no process drives this run (stopped by Ctrl-C or a crash); continue it with \`uet resume ${view.run_id}\``
      : view.message;
  lines.push(`State: ${view.state.toUpperCase()}${detail ? ` — ${detail}` : ''}`);
  for (const w of view.warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}
