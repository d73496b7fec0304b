import { describe, expect, it } from 'vitest';
import { validateDocument } from '../../../src/core/contracts/index.js';
import {
  applyEvent,
  buildCarryOver,
  buildRunCreated,
  chainRun,
  fold,
  outcomeEvents,
  type EventBody,
  type RunEvent,
  type RunState,
  type StartClaim,
} from '../../../src/core/run/index.js';

const RUN = '01JQ8A00000000000000000000';
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
let n = 0;
const newId = () => `01JEV${String(++n).padStart(21, '0')}`;

/** a, b and c are independent; b2 depends on b. max_parallel 2. */
function log(extra: EventBody[] = [], maxParallel = 2): RunEvent[] {
  const bundle = {
    bundle_id: 'b',
    workstreams: [
      {
        ws_id: 'w',
        steps: [
          { step_id: 'a', tool_profile_id: 'shell' },
          { step_id: 'b', tool_profile_id: 'shell' },
          { step_id: 'c', tool_profile_id: 'shell' },
          { step_id: 'b2', tool_profile_id: 'shell', depends_on: ['b'] },
        ],
      },
    ],
  };
  const created = buildRunCreated(RUN, { bundle, options: { max_parallel: maxParallel }, origin: { kind: 'cli' } }, new Date(T0).toISOString(), newId());
  const bodies: EventBody[] = [{ type: 'run_started', data: {} }, ...extra];
  return [created, ...bodies.map((b, i) => ({ event_id: newId(), run_id: RUN, seq: i + 2, ts: new Date(T0 + i + 1).toISOString(), ...b }))];
}

/** The runner's outcome callback for a successful attempt of `nodeId` (its start is a claim). */
const succeeded = (nodeId: string) => (state: RunState, put: (e: EventBody) => void) => {
  const attemptId = state.nodes.get(nodeId)!.attemptId!;
  outcomeEvents(state, { stepId: nodeId, attempt: 1, attemptId }, { ok: true, durationMs: 5 }, { now: T0 + 10, startedAt: T0 }).forEach(put);
  return true;
};

const chain = (events: RunEvent[], claims: StartClaim[], nodeId: string, more: Partial<Parameters<typeof chainRun>[0]> = {}) =>
  chainRun({ events, claims, now: T0 + 10, newId, chain: true, outcome: succeeded(nodeId), ...more });

describe('chainRun: the integrate job as a step of the driver', () => {
  it('records the outcome after the outstanding starts, and claims the next starts within max_parallel', () => {
    const r = chain(log(), [{ nodeId: 'a', attempt: 1 }, { nodeId: 'b', attempt: 1 }], 'a')!;
    expect(r.append.map((e) => e.type)).toEqual(['route_decided', 'step_started', 'route_decided', 'step_started', 'step_succeeded']);
    expect(r.append.map((e) => e.seq)).toEqual([3, 4, 5, 6, 7]);
    for (const e of r.append) expect(validateDocument('run_event', e).ok).toBe(true);
    // b is still running: one slot, and c is the only ready step.
    expect(r.starts).toEqual([{ nodeId: 'c', attempt: 1 }]);
  });

  it('a second completion that reads the first one’s claims does not exceed max_parallel', () => {
    const first = chain(log(), [{ nodeId: 'a', attempt: 1 }, { nodeId: 'b', attempt: 1 }], 'a')!;
    const after = [...log(), ...first.append];
    const second = chain(after, [{ nodeId: 'b', attempt: 1 }, ...first.starts], 'b')!;
    expect(second.starts).toEqual([{ nodeId: 'b2', attempt: 1 }]);
    const state = fold([...after, ...second.append]);
    expect(state.running.size + second.starts.length).toBeLessThanOrEqual(2);
  });

  it('claims nothing when it may not dispatch, in a paused run, or when the outcome is already there', () => {
    const claims = [{ nodeId: 'a', attempt: 1 }, { nodeId: 'b', attempt: 1 }];
    expect(chain(log(), claims, 'a', { chain: false })!.starts).toEqual([]);
    const paused = log([{ type: 'run_paused', data: { reason: 'head_moved', message: 'the head moved' } }]);
    const p = chain(paused, claims, 'a')!;
    expect(p.starts).toEqual([]);
    expect(p.append.at(-1)!.type).toBe('step_succeeded');
    expect(chainRun({ events: log(), claims, now: T0, newId, chain: true, outcome: () => false })).toBeNull();
  });

  it('leaves the end of the run to the app, which reports it', () => {
    const events = log();
    const state = fold(events);
    const all: RunEvent[] = [...events];
    const push = (b: EventBody) => {
      const e = { event_id: newId(), run_id: RUN, seq: state.seq + 1, ts: new Date(T0 + 5).toISOString(), ...b };
      applyEvent(state, e);
      all.push(e);
    };
    for (const id of ['a', 'b', 'c']) {
      push({ type: 'step_started', data: { step_id: id, attempt: 1, attempt_id: newId(), tool_id: 'shell', reserved_cost_usd: 0 } });
      push({ type: 'step_succeeded', data: { step_id: id, attempt: 1, attempt_id: state.nodes.get(id)!.attemptId!, duration_ms: 1 } });
    }
    const r = chain(all, [{ nodeId: 'b2', attempt: 1 }], 'b2', {}, )!;
    expect(r.starts).toEqual([]);
    expect(r.append.some((e) => e.type === 'run_completed')).toBe(false);
  });
});

describe('buildCarryOver: what a retry of a finished run takes over', () => {
  function finished(): RunState {
    const events = log([], 4);
    const state = fold(events);
    const push = (b: EventBody) =>
      applyEvent(state, { event_id: newId(), run_id: RUN, seq: state.seq + 1, ts: new Date(T0 + 5).toISOString(), ...b });
    const run = (id: string, ok: boolean, commit?: string) => {
      const attemptId = newId();
      push({ type: 'step_started', data: { step_id: id, attempt: 1, attempt_id: attemptId, tool_id: 'shell', reserved_cost_usd: 0 } });
      push(
        ok
          ? { type: 'step_succeeded', data: { step_id: id, attempt: 1, attempt_id: attemptId, duration_ms: 1, ...(commit ? { commit, patch_id: newId() } : {}) } }
          : { type: 'step_failed', data: { step_id: id, attempt: 1, attempt_id: attemptId, error_class: 'permanent', message: 'no', retryable: false } },
      );
    };
    run('a', true, 'a'.repeat(40));
    run('b', false);
    run('c', true);
    push({ type: 'step_skipped', data: { step_id: 'b2', reason: 'depends on b, which failed', cause: 'dependency_failed', ref: 'b' } });
    push({ type: 'run_completed', data: { state: 'failed' } });
    return state;
  }

  it('records the succeeded steps as done in the new run, with their commits and patches, at no cost', () => {
    const r = buildCarryOver(finished(), '01JQ9B00000000000000000000');
    expect(r.ok && r.value.carried).toEqual(['a', 'c']);
    const events = r.ok ? r.value.events : [];
    expect(events.map((e) => e.type)).toEqual(['step_started', 'step_succeeded', 'warning', 'step_started', 'step_succeeded', 'warning']);
    expect(events[1]).toMatchObject({ data: { step_id: 'a', commit: 'a'.repeat(40), cost_usd: 0 } });
    // Folded after a new run_created, b and b2 are what is left to run.
    const next = fold(log([], 4).slice(0, 1));
    events.forEach((b, i) => applyEvent(next, { event_id: newId(), run_id: RUN, seq: 2 + i, ts: new Date(T0).toISOString(), ...b }));
    expect([...next.nodes.values()].filter((x) => x.state !== 'succeeded').map((x) => x.id).sort()).toEqual(['b', 'b2']);
  });

  it('refuses when a succeeded step with a patch would run again (its patch is on the old branch)', () => {
    expect(buildCarryOver(finished(), '01JQ9B00000000000000000000', 'a')).toMatchObject({ ok: false });
    const r = buildCarryOver(finished(), '01JQ9B00000000000000000000', 'c');
    expect(r.ok && r.value.carried).toEqual(['a']);
  });
});
