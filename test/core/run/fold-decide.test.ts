import { describe, expect, it } from 'vitest';
import { applyEvent, buildRunCreated, decide, fold, type EventBody, type RunEvent } from '../../../src/core/run/index.js';
import { bundleOf } from '../../support/engine-harness.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const RUN = '01JRUN0000000000000000000A';

/** A log built by hand: run_created plus the given bodies, one second apart. */
function log(bundle: Parameters<typeof bundleOf>[0] | ReturnType<typeof bundleOf>, bodies: EventBody[], options = {}): RunEvent[] {
  const b = Array.isArray(bundle) ? bundleOf(bundle) : bundle;
  const created = buildRunCreated(RUN, { bundle: b, options, origin: { kind: 'cli' } }, new Date(T0).toISOString(), '01JEVT0000000000000000000A');
  return [created, ...bodies.map((body, i) => ({ event_id: `01JEVT00000000000000000${String(i).padStart(3, '0')}`, run_id: RUN, seq: i + 2, ts: new Date(T0 + (i + 1) * 1000).toISOString(), ...body }))];
}

const started = (step_id: string, attempt = 1): EventBody => ({ type: 'step_started', data: { step_id, attempt, attempt_id: `01JATT${step_id.toUpperCase().padEnd(20, '0')}`.slice(0, 26), tool_id: 'shell', reserved_cost_usd: 0 } });
const succeeded = (step_id: string, attempt = 1): EventBody => ({ type: 'step_succeeded', data: { step_id, attempt, attempt_id: 'x', duration_ms: 1 } });
/** decide(), with routing bookkeeping (route_decided) folded in first, as the driver would. */
function settle(events: RunEvent[], now: number) {
  const state = fold(events);
  for (let i = 0; i < 10; i++) {
    const d = decide(state, now);
    const routes = d.commands.filter((c) => c.kind === 'record' && c.event.type === 'route_decided');
    if (!routes.length || routes.length !== d.commands.length) return d;
    for (const c of routes) if (c.kind === 'record') applyEvent(state, { event_id: `01JROUTE${String(state.seq).padStart(18, '0')}`, run_id: RUN, seq: state.seq + 1, ts: new Date(now).toISOString(), ...c.event });
  }
  throw new Error('decide did not settle');
}
const kinds = (events: RunEvent[], now = T0 + 60_000) => settle(events, now).commands.map((c) => (c.kind === 'record' ? `record:${c.event.type}` : c.kind === 'start_step' ? `start:${c.stepId}#${c.attempt}` : `gate:${c.gateId}`));

describe('fold', () => {
  it('replays a log into node states, attempts and the ready queue', () => {
    const state = fold(log([{ id: 'a' }, { id: 'b', deps: ['a'] }, { id: 'c' }], [{ type: 'run_started', data: {} }, started('a'), succeeded('a')]));
    expect(state.status).toBe('running');
    expect(state.nodes.get('a')!.state).toBe('succeeded');
    expect(state.nodes.get('b')!.state).toBe('ready');
    expect(state.queue.sort()).toEqual(['b', 'c']);
    expect(state.attempts).toHaveLength(1);
  });

  it('is deterministic: folding the same log twice gives equal states', () => {
    const events = log([{ id: 'a' }, { id: 'b', deps: ['a'] }], [{ type: 'run_started', data: {} }, started('a'), succeeded('a')]);
    const strip = (s: ReturnType<typeof fold>) => JSON.stringify([...s.nodes.values()]);
    expect(strip(fold(events))).toBe(strip(fold(events)));
  });

  it('rejects a log with a gap in seq', () => {
    const events = log([{ id: 'a' }], [{ type: 'run_started', data: {} }]);
    const state = fold(events.slice(0, 1));
    expect(() => applyEvent(state, { ...events[1]!, seq: 5 })).toThrow(/seq 5 follows 1/);
  });
});

describe('decide', () => {
  it('starts a pending run, then starts ready steps by critical path within max_parallel', () => {
    const bundle = bundleOf([{ id: 'short', est: 1 }, { id: 'long', est: 100 }, { id: 'mid', est: 10 }, { id: 'after', deps: ['short'], est: 500 }], {}, { max_parallel: 2 });
    expect(kinds(log(bundle, []))).toEqual(['record:run_started']);
    // short leads the longest chain (1 + 500), then long (100); mid waits for a slot.
    expect(kinds(log(bundle, [{ type: 'run_started', data: {} }]))).toEqual(['start:short#1', 'start:long#1']);
  });

  it('waits for a due retry and reports when to wake up', () => {
    const retryAt = T0 + 120_000;
    const events = log([{ id: 'a' }], [
      { type: 'run_started', data: {} },
      started('a'),
      { type: 'step_failed', data: { step_id: 'a', attempt: 1, attempt_id: 'x', error_class: 'timeout', message: 'slow', retryable: true, retry_at: new Date(retryAt).toISOString() } },
    ]);
    const early = settle(events, T0 + 60_000);
    expect(early.commands).toEqual([]);
    expect(early.wakeAt).toBe(retryAt);
    expect(kinds(events, retryAt)).toEqual(['start:a#2']);
  });

  it('records skips for the dependents of a failure before starting anything else', () => {
    const events = log(bundleOf([{ id: 'a' }, { id: 'b', deps: ['a'] }, { id: 'c', deps: ['b'] }, { id: 'd' }], { on_error: 'continue' }), [
      { type: 'run_started', data: {} },
      started('a'),
      { type: 'step_failed', data: { step_id: 'a', attempt: 1, attempt_id: 'x', error_class: 'permanent', message: 'no', retryable: false } },
    ], {});
    const d = decide(fold(events), T0 + 10_000);
    expect(d.commands.flatMap((c) => (c.kind === 'record' && c.event.type === 'step_skipped' ? [c.event.data] : []))).toEqual([
      { step_id: 'b', reason: 'depends on a, which failed', cause: 'dependency_failed', ref: 'a' },
      { step_id: 'c', reason: 'depends on b, which was skipped', cause: 'dependency_skipped', ref: 'b' },
    ]);
  });

  it('in a fail_fast workstream, skips each remaining step once, with the first reason that applies', () => {
    const events = log([{ id: 'a' }, { id: 'b', deps: ['a'] }, { id: 'd' }], [
      { type: 'run_started', data: {} },
      started('a'),
      { type: 'step_failed', data: { step_id: 'a', attempt: 1, attempt_id: 'x', error_class: 'permanent', message: 'no', retryable: false } },
    ]);
    const skips = decide(fold(events), T0 + 10_000).commands.flatMap((c) => (c.kind === 'record' && c.event.type === 'step_skipped' ? [c.event.data] : []));
    expect(skips.map((s) => [s.step_id, s.cause])).toEqual([
      ['b', 'dependency_failed'],
      ['d', 'fail_fast'],
    ]);
  });

  it('completes the run once every node is terminal, and then decides nothing', () => {
    const events = log([{ id: 'a' }], [{ type: 'run_started', data: {} }, started('a'), succeeded('a')]);
    expect(kinds(events)).toEqual(['record:run_completed']);
    const done = [...events, { event_id: '01JEVT0000000000000000099Z', run_id: RUN, seq: events.length + 1, ts: new Date(T0 + 9000).toISOString(), type: 'run_completed', data: { state: 'succeeded' } } as RunEvent];
    expect(decide(fold(done), T0 + 99_000).commands).toEqual([]);
  });

  it('is pure: deciding twice on the same state gives the same commands and does not change the state', () => {
    const state = fold(log([{ id: 'a' }, { id: 'b' }], [{ type: 'run_started', data: {} }]));
    const before = JSON.stringify([...state.nodes.values()]);
    expect(decide(state, T0)).toEqual(decide(state, T0));
    expect(JSON.stringify([...state.nodes.values()])).toBe(before);
  });
});
