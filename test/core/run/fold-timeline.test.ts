// Item 4 of issue 18: durations exclude the downtime between a stop and a resume, derived from the events alone.
import { describe, expect, it } from 'vitest';
import { buildRunCreated, buildRunStatus, fold, type RunEvent } from '../../../src/core/run/index.js';
import { bundleOf } from '../../support/engine-harness.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

/** A run log from (type, data, second) rows after run_created. */
function log(rows: [RunEvent['type'], Record<string, unknown>, number][], bundle = bundleOf([{ id: 'a' }, { id: 'b', deps: ['a'] }])): RunEvent[] {
  const created = buildRunCreated('R', { bundle, options: {}, origin: { kind: 'cli' } }, at(0), 'E0');
  return [created, ...rows.map(([type, data, s], i) => ({ event_id: `E${i + 1}`, run_id: 'R', seq: i + 2, ts: at(s), type, data }) as RunEvent)];
}

const started = (step: string, attempt: number, s: number): [RunEvent['type'], Record<string, unknown>, number] => ['step_started', { step_id: step, attempt, attempt_id: `${step}${attempt}`, tool_id: 'shell' }, s];
const succeeded = (step: string, attempt: number, s: number, ms: number): [RunEvent['type'], Record<string, unknown>, number] => ['step_succeeded', { step_id: step, attempt, attempt_id: `${step}${attempt}`, duration_ms: ms }, s];

describe('downtime between a stop and a resume', () => {
  it('a Ctrl-C during a 7 s step and a resume 73 s later: the step took 7 s, the run 9 s', () => {
    const events = log([
      ['run_started', {}, 0],
      started('a', 1, 0),
      ['step_abandoned', { step_id: 'a', attempt: 1, attempt_id: 'a1', reason: 'interrupted' }, 2], // Ctrl-C
      started('a', 2, 75), // uet resume
      succeeded('a', 2, 80, 5000),
      started('b', 1, 80),
      succeeded('b', 1, 82, 2000),
      ['run_completed', { state: 'succeeded' }, 82],
    ]);
    const view = buildRunStatus(fold(events), T0 + 200_000);
    expect(view.workstreams[0]!.steps.find((s) => s.step_id === 'a')!.duration_ms).toBe(7000);
    expect(view.elapsed_ms).toBe(9000);
  });

  it('a crash found by the resume (the attempt abandoned at resume time): the gap is downtime', () => {
    const events = log([
      ['run_started', {}, 0],
      started('a', 1, 0),
      ['step_abandoned', { step_id: 'a', attempt: 1, attempt_id: 'a1', reason: 'the process driving the run stopped during the attempt' }, 600],
      started('a', 2, 600),
      succeeded('a', 2, 604, 4000),
    ]);
    expect(buildRunStatus(fold(events), T0 + 604_000).elapsed_ms).toBe(4000);
  });

  it('waiting for a retry is not downtime; a stop while nothing runs (and no timer) is, beyond a short slack', () => {
    const bundle = bundleOf([{ id: 'a' }, { id: 'b', deps: ['a'] }]);
    const events = log(
      [
        ['run_started', {}, 0],
        started('a', 1, 0),
        ['step_failed', { step_id: 'a', attempt: 1, attempt_id: 'a1', error_class: 'transient_error', message: 'x', retryable: true, retry_at: at(31) }, 1],
        started('a', 2, 31), // the driver waited 30 s for the retry: work time
        succeeded('a', 2, 32, 1000),
        started('b', 1, 500), // nothing ran and nothing was due from 32 s: the driver was gone (Ctrl-C between steps)
        succeeded('b', 1, 501, 1000),
      ],
      bundle,
    );
    expect(buildRunStatus(fold(events), T0 + 501_000).elapsed_ms).toBe(32_000 + 2000 + 1000);
  });

  it('a stopped run (no process drives it) stops its clock at its last event and has no ETA', () => {
    const events = log([['run_started', {}, 0], started('a', 1, 0), ['step_abandoned', { step_id: 'a', attempt: 1, attempt_id: 'a1', reason: 'interrupted' }, 3]]);
    const view = buildRunStatus(fold(events), T0 + 3_600_000, { driven: false });
    expect(view).toMatchObject({ state: 'stopped', elapsed_ms: 3000, eta_ms: null });
    expect(buildRunStatus(fold(events), T0 + 3_600_000).state).toBe('running');
  });

  it('counts steps and gates by state instead of a percentage', () => {
    const events = log([
      ['run_started', {}, 0],
      started('a', 1, 0),
      ['step_failed', { step_id: 'a', attempt: 1, attempt_id: 'a1', error_class: 'permanent', message: 'x', retryable: false }, 1],
    ]);
    const view = buildRunStatus(fold(events), T0 + 2000);
    expect(view.step_counts).toEqual({ succeeded: 0, failed: 1, skipped: 0, blocked: 0, running: 0, waiting: 1, total: 2 });
  });
});
