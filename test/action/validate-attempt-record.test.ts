import { describe, expect, it } from 'vitest';
import type { AttemptRecord } from '../../src/action/patch-dir.js';
import { boundAttemptRecord, validateAttemptRecord } from '../../src/action/validate-attempt-record.js';
import { RECORD_LIMITS } from '../../src/core/run/record-limits.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const RECORD: AttemptRecord = {
  run_id: '01KANZHJJ08AV9KT9MF4BWS95T',
  node_id: 's1',
  attempt: 1,
  kind: 'step',
  tool_id: 'claude',
  ok: true,
  cost_usd: 0.42,
  duration_ms: 950,
  started_at: '2026-01-01T11:59:00.000Z',
  policy: { passed: true, violations: [] },
  validation: 'passed',
};
const errors = (r: unknown) => {
  const c = validateAttemptRecord(r, NOW);
  return c.ok ? [] : c.errors;
};
const MB5 = 'x'.repeat(5 * 1024 * 1024);

describe('a forged attempt record cannot flood the log or carry impossible values', () => {
  it('takes an honest record', () => {
    expect(errors(RECORD)).toEqual([]);
  });

  it('refuses 5 MB strings: a message, an output tail, a violation, an id', () => {
    expect(errors({ ...RECORD, ok: false, error_class: 'permanent', message: MB5 })).toEqual([`message: expected a string of at most ${RECORD_LIMITS.message} characters, got a string of ${MB5.length} characters`]);
    expect(errors({ ...RECORD, kind: 'gate', output_tail: MB5 })[0]).toMatch(/^output_tail: expected a string of at most 4096 characters/);
    expect(errors({ ...RECORD, policy: { passed: false, violations: [{ rule: 'x', message: MB5 }] } })[0]).toMatch(/^policy\.violations: expected/);
    expect(errors({ ...RECORD, policy: { passed: false, violations: Array.from({ length: 100_000 }, () => ({ rule: 'x', message: 'y' })) } })[0]).toMatch(/at most 1000, got 100000/);
    expect(errors({ ...RECORD, node_id: MB5 })[0]).toMatch(/^node_id: expected a step or gate id/);
    expect(errors({ ...RECORD, tool_id: MB5 })[0]).toMatch(/^tool_id/);
  });

  it('refuses impossible values: a successful Claude step that cost nothing, a cost or duration no attempt reaches, a start in the future', () => {
    expect(errors({ ...RECORD, cost_usd: 0 })).toEqual(['cost_usd: a successful claude step reports what it cost, got 0']);
    const { cost_usd: _cost, ...noCost } = RECORD;
    expect(errors(noCost)).toEqual(['cost_usd: a successful claude step reports what it cost, got nothing']);
    expect(errors({ ...RECORD, tool_id: 'shell', cost_usd: 0 })).toEqual([]); // a shell step costs nothing
    expect(errors({ ...RECORD, ok: false, error_class: 'permanent', cost_usd: 0 })).toEqual([]); // a refused key costs nothing
    expect(errors({ ...RECORD, cost_usd: 1e9 })).toEqual(['cost_usd: 1000000000 is more than any attempt costs (at most 10000)']);
    expect(errors({ ...RECORD, duration_ms: 1e12 })).toEqual(['duration_ms: 1000000000000 is more than any job runs (at most 604800000)']);
    expect(errors({ ...RECORD, exit_code: 99999 })[0]).toMatch(/^exit_code/);
    expect(errors({ ...RECORD, tokens: { input: 12_000, output: 800 } })).toEqual([]);
    for (const tokens of [{ input: -1, output: 0 }, { input: 1e12, output: 0 }, { input: 1.5, output: 0 }, { input: 1 }, [1, 2], { input: 1, output: 2, note: MB5 }, 'lots'])
      expect(errors({ ...RECORD, tokens })[0], JSON.stringify(tokens).slice(0, 60)).toMatch(/^tokens: expected \{ input, output \}, integers from 0 to 1000000000/);
    expect(errors({ ...RECORD, started_at: '2030-01-01T00:00:00Z' })[0]).toMatch(/^started_at: expected a date-time, not in the future/);
    expect(errors({ ...RECORD, policy: { passed: false, violations: [], quarantine_reason: 'because' } })[0]).toMatch(/^policy\.quarantine_reason/);
  });

  it('the job that writes a record cuts it to the limits, with a marker, so an honest record is never refused', () => {
    const bounded = boundAttemptRecord({ ...RECORD, ok: false, error_class: 'validation_failed', message: `step s1: validation failed\n${MB5}`, output_tail: `${MB5}the end`, policy: { passed: false, violations: Array.from({ length: 5000 }, (_, i) => ({ rule: 'forbidden_paths', path: `p${i}`, message: MB5 })) } });
    expect(errors(bounded)).toEqual([]);
    expect(bounded.message).toMatch(/^step s1: validation failed\n/);
    expect(bounded.message).toMatch(/\[uet: \d+ more characters cut\]$/);
    expect(bounded.output_tail).toMatch(/^\[uet: \d+ earlier characters cut\] … x+the end$/);
    expect(bounded.output_tail!.length).toBeLessThanOrEqual(4096);
  });
});
