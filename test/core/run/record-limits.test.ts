import { describe, expect, it } from 'vitest';
import { validateDocument, type WorkstreamBundle } from '../../../src/core/contracts/index.js';
import { patchEvent } from '../../../src/core/patch/index.js';
import { buildRunCreated, fold, gateCompletedEvent, outcomeEvents, type EventBody } from '../../../src/core/run/index.js';
import { boundText, RECORD_LIMITS } from '../../../src/core/run/record-limits.js';

const RUN = '01JQ8A00000000000000000000';
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const MB5 = 'x'.repeat(5 * 1024 * 1024);
const bundle: WorkstreamBundle = { bundle_id: 'b', workstreams: [{ ws_id: 'w', steps: [{ step_id: 'a', tool_profile_id: 'shell' }], test_gates: [{ gate_id: 'unit', type: 'GATE_TEST', command: 'true' }] }] };
const asEvent = (b: EventBody, seq: number) => ({ event_id: `01JEV${String(seq).padStart(21, '0')}`, run_id: RUN, seq, ts: new Date(T0 + seq).toISOString(), ...b });
const valid = (b: EventBody) => {
  const r = validateDocument('run_event', asEvent(b, 9));
  return r.ok ? 'valid' : r.issues.map((i) => `${i.pointer}: ${i.message}`).join('; ');
};

describe('no step can put megabytes into the run log', () => {
  it('a 5 MB failure message becomes a bounded step_failed with a marker, valid against run_event', () => {
    const state = fold([buildRunCreated(RUN, { bundle, options: {}, origin: { kind: 'cli' } }, new Date(T0).toISOString(), '01JEV000000000000000000001')]);
    const [failed] = outcomeEvents(state, { stepId: 'a', attempt: 3, attemptId: '01JEV000000000000000000002' }, { ok: false, errorClass: 'permanent', message: `step a: the tool failed\n${MB5}`, durationMs: 5 }, { now: T0 + 10, startedAt: T0 });
    const message = (failed!.data as { message: string }).message;
    expect(message.length).toBeLessThanOrEqual(RECORD_LIMITS.message);
    expect(message).toMatch(/^step a: the tool failed\n/);
    expect(message).toMatch(/\[uet: \d+ more characters cut\]$/);
    expect(valid(failed!)).toBe('valid');
    expect(valid({ ...failed!, data: { ...failed!.data, message: MB5 } } as EventBody)).toMatch(/message/);
  });

  it("a gate's 5 MB output keeps its last 4,096 characters, with a marker", () => {
    const state = fold([buildRunCreated(RUN, { bundle, options: {}, origin: { kind: 'cli' } }, new Date(T0).toISOString(), '01JEV000000000000000000001')]);
    const node = [...state.plan.nodes.values()].find((n) => n.kind === 'gate')!;
    const e = gateCompletedEvent(node, { passed: false, durationMs: 1, outputTail: `${MB5}FAILED: 3 tests` });
    const tail = (e.data as { output_tail: string }).output_tail;
    expect(tail.length).toBeLessThanOrEqual(RECORD_LIMITS.outputTail);
    expect(tail).toMatch(/^\[uet: \d+ earlier characters cut\] … x+FAILED: 3 tests$/);
    expect(valid(e)).toBe('valid');
  });

  it('a patch with 100,000 violations, each 5 MB, gives a bounded patch_quarantined', () => {
    const entry = { patch_id: '01KANZHRDGXD02XAFQQCQFF5ZF', step_id: 'a', attempt: 1 } as Parameters<typeof patchEvent>[0];
    const e = patchEvent(entry, 'quarantined', { quarantine_reason: 'policy_violation', reasons: Array.from({ length: 100_000 }, (_, i) => `forbidden_paths: p${i}: ${i < 3 ? MB5 : 'no'}`) });
    const reasons = (e.data as { reasons: string[] }).reasons;
    expect(reasons).toHaveLength(RECORD_LIMITS.reasons);
    expect(reasons.at(-1)).toBe('… and 99801 more (the ledger entry has them all)');
    expect(Math.max(...reasons.map((r) => r.length))).toBeLessThanOrEqual(RECORD_LIMITS.reason);
    expect(valid(e)).toBe('valid');
  });

  it('boundText leaves what fits alone', () => {
    expect(boundText('short', 10)).toBe('short');
    const cut = boundText('abcdefghijklmnopqrstuvwxyz'.repeat(4), 50);
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(cut).toMatch(/^abcdefghijklmno.* … \[uet: \d+ more characters cut\]$/);
  });
});
