import { describe, expect, it } from 'vitest';
import { validateDocument } from '../../../src/core/contracts/index.js';
import {
  applyStartClaims,
  attemptIdFor,
  buildRunCreated,
  decide,
  fold,
  materializeStart,
  type RunEvent,
} from '../../../src/core/run/index.js';

const RUN = '01JQ8A00000000000000000000';
const created = buildRunCreated(
  RUN,
  {
    bundle: {
      bundle_id: 'b',
      workstreams: [
        {
          ws_id: 'w',
          steps: [
            { step_id: 's1', tool_profile_id: 'shell', estimate_cost_usd: 0.5 },
            { step_id: 's2', depends_on: ['s1'] },
          ],
          test_gates: [{ gate_id: 'unit', type: 'GATE_TEST', command: 'true' }],
        },
      ],
    },
    options: { max_parallel: 2 },
    origin: { kind: 'cli' },
  },
  '2026-01-01T00:00:00.000Z',
  '01JEV00000000000000000000A',
);
const started = {
  event_id: '01JEV00000000000000000000B',
  run_id: RUN,
  seq: 2,
  ts: '2026-01-01T00:00:01.000Z',
  type: 'run_started',
  data: {},
} as RunEvent;

describe('start claims', () => {
  it('gives each node attempt a deterministic, valid ULID', () => {
    const id = attemptIdFor(RUN, 's1', 1);
    expect(id).toBe(attemptIdFor(RUN, 's1', 1));
    expect(id).not.toBe(attemptIdFor(RUN, 's1', 2));
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(id.slice(0, 10)).toBe(RUN.slice(0, 10));
  });

  it('materializes the start decide() asked for, as valid run events, and applies only outstanding claims', () => {
    const state = fold([created, started]);
    const d = decide(state, Date.parse('2026-01-01T00:00:02Z'));
    const applied = applyStartClaims(
      state,
      [
        { nodeId: 's1', attempt: 1 },
        { nodeId: 's2', attempt: 1 },
      ],
      '2026-01-01T00:00:02.000Z',
      (() => {
        let n = 0;
        return () => `01JEV0000000000000000001${String(++n).padStart(2, '0')}`;
      })(),
    );
    expect(d.commands.length).toBeGreaterThan(0);
    const start = applied.find((e) => e.type === 'step_started')!;
    expect(start).toMatchObject({
      seq: applied.length + 2,
      data: {
        step_id: 's1',
        attempt: 1,
        attempt_id: attemptIdFor(RUN, 's1', 1),
        tool_id: 'shell',
        reserved_cost_usd: 0.5,
      },
    });
    expect(applied.some((e) => e.type === 'step_started' && e.data.step_id === 's2')).toBe(false); // s2 is not ready
    for (const e of applied) expect(validateDocument('run_event', e)).toMatchObject({ ok: true });
    expect(state.running.has('s1')).toBe(true);
    expect(
      applyStartClaims(state, [{ nodeId: 's1', attempt: 1 }], '2026-01-01T00:00:03.000Z', () => 'x'),
    ).toEqual([]);
  });

  it('materializes a gate start', () => {
    const state = fold([created, started]);
    expect(materializeStart(state, { nodeId: 'gate:w:unit', attempt: 1 }, 0)).toEqual([
      { type: 'gate_started', data: { gate_id: 'unit', ws_id: 'w', type: 'GATE_TEST', attempt: 1 } },
    ]);
  });
});
