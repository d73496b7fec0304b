import { buildRunStatus, type RunEvent, type RunState } from '../../core/run/index.js';
import type { CliIo } from '../cli-context.js';
import { formatClock, formatDuration, formatUsd, formatZone } from './format.js';
import type { OutputStyle } from './output-style.js';
import { renderStatus } from './render-status.js';

export interface LiveProgress {
  readonly onEvent: (event: RunEvent, state: RunState) => void;
  /** Stops refreshing; draws the final picture (`stopped`: this process stops driving a run that is not over). */
  readonly stop: (stopped?: boolean) => void;
}

/** One plain log line for an event, or undefined for events not worth a line. Times are local, in `tz`. */
export function describeEvent(e: RunEvent, tz?: string): string | undefined {
  const clock = (iso: string) => formatClock(Date.parse(iso), tz);
  switch (e.type) {
    case 'run_started':
      return `run ${e.run_id} started (times are local, ${formatZone(Date.parse(e.ts), tz)})`;
    case 'route_decided':
      return e.data.strategy === 'explicit'
        ? undefined
        : `step ${e.data.step_id} routed to ${e.data.tool_id} (${e.data.strategy}${e.data.rule_id !== undefined ? `, rule ${e.data.rule_id}` : ''})`;
    case 'step_started':
      return `step ${e.data.step_id} started (attempt ${e.data.attempt}, ${e.data.tool_id}${e.data.half_open_trial ? ', half-open trial' : ''})`;
    case 'step_succeeded':
      return `step ${e.data.step_id} succeeded in ${formatDuration(e.data.duration_ms)}${e.data.cost_usd ? `, ${formatUsd(e.data.cost_usd)}` : ''}${e.data.commit ? `, commit ${e.data.commit.slice(0, 10)}` : ''}`;
    case 'step_failed':
      return `step ${e.data.step_id} failed (attempt ${e.data.attempt}, ${e.data.error_class}${e.data.retry_at ? `; retrying at ${clock(e.data.retry_at)}` : ''}): ${e.data.message}`;
    case 'step_abandoned':
      return `step ${e.data.step_id} attempt ${e.data.attempt} abandoned: ${e.data.reason}`;
    case 'step_skipped':
      return `step ${e.data.step_id} skipped: ${e.data.reason}`;
    case 'step_blocked':
      return `step ${e.data.step_id} blocked: circuit breaker for ${e.data.tool_id} in ${e.data.ws_id} is open${e.data.until ? ` until ${clock(e.data.until)}` : ''}`;
    case 'workstream_skipped':
      return `workstream ${e.data.ws_id} skipped: ${e.data.reason}`;
    case 'breaker_opened':
      return `circuit breaker opened for ${e.data.tool_id} in ${e.data.ws_id} after ${e.data.failures} failures; half-open at ${clock(e.data.half_open_at)}`;
    case 'breaker_half_opened':
      return `circuit breaker for ${e.data.tool_id} in ${e.data.ws_id} is half-open: one trial attempt`;
    case 'breaker_closed':
      return `circuit breaker for ${e.data.tool_id} in ${e.data.ws_id} closed`;
    case 'budget_exceeded':
      return `budget exceeded (${e.data.scope}${e.data.ws_id ? ` ${e.data.ws_id}` : ''}): spent ${formatUsd(e.data.spent_usd)} of ${formatUsd(e.data.limit_usd)}, next step needs ${formatUsd(e.data.needed_usd)}`;
    case 'gate_started':
      return `gate ${e.data.type} ${e.data.gate_id} (${e.data.ws_id ?? 'bundle'}) started`;
    case 'gate_completed':
      return `gate ${e.data.gate_id} (${e.data.ws_id ?? 'bundle'}) ${e.data.passed ? 'passed' : `failed with exit ${e.data.exit_code ?? '?'}${e.data.blocking ? '' : ' (non-blocking)'}`}`;
    case 'run_paused':
      return `run paused (${e.data.reason}): ${e.data.message}`;
    case 'run_resumed':
      return `run resumed${e.data.added_budget_usd ? ` with ${formatUsd(e.data.added_budget_usd)} more budget` : ''}`;
    case 'run_completed':
      return `run ${e.data.state}${e.data.message ? `: ${e.data.message}` : ''}`;
    case 'warning':
      return `warning: ${e.data.step_id ? `${e.data.step_id}: ` : ''}${e.data.message}`;
    case 'git_lock_recovered':
      return `recovered: stale git lock ${e.data.path}`;
    default:
      return undefined;
  }
}

/**
 * Progress for `uet run`/`uet resume`: on a terminal a live picture redrawn in place (workstreams, running
 * steps, elapsed, cost, ETA); with a plain style (a pipe, a file, TERM=dumb) log lines stamped with the local
 * time, one per event that matters, and no emoji.
 */
export function createLiveProgress(io: CliIo, now: () => number, style: OutputStyle): LiveProgress {
  if (style.plain) {
    return {
      onEvent(e) {
        const line = describeEvent(e, style.tz);
        if (line) io.stdout(`${formatClock(Date.parse(e.ts), style.tz)} ${line}\n`);
      },
      stop() {},
    };
  }
  let drawn = 0;
  let last: RunState | undefined;
  let lastDraw = 0;
  const draw = (stopped = false) => {
    if (!last) return;
    const text = renderStatus(buildRunStatus(last, now(), { driven: !stopped }), { compact: true, style });
    const clear = drawn ? `\x1b[${drawn}F\x1b[0J` : '';
    io.stdout(clear + text);
    drawn = text.split('\n').length - 1;
    lastDraw = now();
  };
  const ticker = setInterval(() => draw(), 1000);
  ticker.unref();
  return {
    onEvent(_e, state) {
      last = state;
      if (now() - lastDraw >= 100) draw();
    },
    stop(stopped) {
      clearInterval(ticker);
      draw(stopped);
    },
  };
}
