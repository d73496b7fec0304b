import { describe, expect, it } from 'vitest';
import { validateDocument } from '../../../src/core/contracts/index.js';
import { buildRunCreated, chainRun, gateCompletedEvent, outcomeEvents, toolJobOf, type EventBody, type RunEvent, type RunState, type StartClaim } from '../../../src/core/run/index.js';

const RUN = '01JQ8A00000000000000000000';
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
let n = 0;
const newId = () => `01JEV${String(++n).padStart(21, '0')}`;
const GATE = 'gate:w:unit';
const R1 = 'w.unit.repair-1';

function created(): RunEvent[] {
  const bundle = {
    bundle_id: 'b',
    workstreams: [
      {
        ws_id: 'w',
        steps: [{ step_id: 'a', tool_profile_id: 'shell', context: { command: 'true' } }],
        test_gates: [{ gate_id: 'unit', type: 'GATE_TEST' as const, command: 'npm test', on_failure: { repair: { tool_profile_id: 'claude', max_attempts: 1 } } }],
      },
    ],
  };
  const c = buildRunCreated(RUN, { bundle, options: { max_parallel: 2 }, origin: { kind: 'cli' } }, new Date(T0).toISOString(), newId());
  return [c, { event_id: newId(), run_id: RUN, seq: 2, ts: new Date(T0 + 1).toISOString(), type: 'run_started', data: {} }];
}

/** What the runner's integrate job records for the attempt of `node` (its start is a claim), then chains. */
function integrate(events: RunEvent[], claim: StartClaim, result: (state: RunState, put: (e: EventBody) => void) => void) {
  const r = chainRun({
    events,
    claims: [claim],
    now: T0 + 100 * events.length,
    newId,
    chain: true,
    outcome: (state, put) => {
      result(state, put);
      return true;
    },
  })!;
  for (const e of r.append) expect(validateDocument('run_event', e).ok, e.type).toBe(true);
  return { events: [...events, ...r.append], starts: r.starts, state: r.state };
}

const stepOk = (id: string) => (state: RunState, put: (e: EventBody) => void) =>
  outcomeEvents(state, { stepId: id, attempt: state.nodes.get(id)!.attempts, attemptId: state.nodes.get(id)!.attemptId! }, { ok: true, durationMs: 5 }, { now: T0, startedAt: T0 }).forEach(put);
const gate = (passed: boolean) => (state: RunState, put: (e: EventBody) => void) =>
  put(gateCompletedEvent(state.plan.nodes.get(GATE)!, { passed, exitCode: passed ? 0 : 1, durationMs: 5, outputTail: passed ? 'ok' : 'FAIL x.test.ts' }));

describe('a repair loop on GitHub: claimed and chained like any step', () => {
  it('the integrate job of a failed gate claims the repair, whose integrate job claims the gate again', () => {
    let s = integrate(created(), { nodeId: 'a', attempt: 1 }, stepOk('a'));
    expect(s.starts).toEqual([{ nodeId: GATE, attempt: 1 }]);
    s = integrate(s.events, s.starts[0]!, gate(false));
    // The repair round is a step with a plain id: a start claim, a dispatch to the claude job, an artifact name.
    expect(s.starts).toEqual([{ nodeId: R1, attempt: 1 }]);
    expect(toolJobOf(s.state, R1)).toBe('claude');
    s = integrate(s.events, s.starts[0]!, stepOk(R1));
    const started = s.events.filter((e) => e.type === 'step_started' && e.data.step_id === R1);
    expect(started).toHaveLength(1);
    // Its prompt (rendered by the runner's tool job from the same state) was recorded with the start.
    expect(s.events.some((e) => e.type === 'prompt_rendered' && e.data.step_id === R1)).toBe(true);
    expect(s.starts).toEqual([{ nodeId: GATE, attempt: 2 }]);
    s = integrate(s.events, s.starts[0]!, gate(true));
    expect(s.state.nodes.get(GATE)!.state).toBe('succeeded');
    expect(s.starts).toEqual([]); // the end of the run is left to the app
  });

  it('a gate that still fails after the last repair is not claimed a third time', () => {
    let s = integrate(created(), { nodeId: 'a', attempt: 1 }, stepOk('a'));
    s = integrate(s.events, s.starts[0]!, gate(false));
    s = integrate(s.events, s.starts[0]!, stepOk(R1));
    s = integrate(s.events, s.starts[0]!, gate(false));
    expect(s.starts).toEqual([]);
    expect(s.state.nodes.get(GATE)!.state).toBe('failed');
  });
});
