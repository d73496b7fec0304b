import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateDocument } from '../../../src/core/contracts/index.js';
import { InvariantError } from '../../../src/core/errors.js';
import { createLedgerEntry, LEDGER_TRANSITIONS, transitionLedgerEntry, type LedgerChange, type LedgerState } from '../../../src/core/patch/index.js';
import { nextPatchId, RUN } from './diff-fixtures.js';

const STATES = Object.keys(LEDGER_TRANSITIONS) as LedgerState[];
const LEGAL: Record<LedgerState, LedgerState[]> = {
  created: ['validated', 'rejected', 'quarantined', 'dropped'],
  validated: ['applied', 'conflicted', 'quarantined', 'superseded', 'dropped'],
  applied: ['committed', 'dropped'],
  conflicted: ['applied', 'superseded', 'dropped'],
  committed: ['rolled_back'],
  rejected: [],
  quarantined: [],
  rolled_back: [],
  superseded: [],
  dropped: [],
};
const fresh = () => createLedgerEntry({ patchId: nextPatchId(), runId: RUN, stepId: 's1', attempt: 1, chainId: `${RUN}/s1`, at: '2026-01-01T00:00:00Z', reason: 'captured' });
const change = (to: LedgerState, i = 0): LedgerChange => ({
  at: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`,
  reason: `to ${to}`,
  ...(to === 'committed' ? { commit: 'abcdef1234567' } : {}),
  ...(to === 'quarantined' ? { quarantine: { reason: 'policy_violation' as const, reasons: [{ rule: 'x', message: 'y' }], quarantined_at: '2026-01-01T00:00:00Z', path: '.uet/ledger/quarantine/x.diff' } } : {}),
  ...(to === 'rolled_back' ? { rolledBackBy: nextPatchId() } : {}),
});
/** An entry in `state`, reached by legal transitions. */
function reach(state: LedgerState) {
  const paths: Record<LedgerState, LedgerState[]> = {
    created: [], validated: ['validated'], applied: ['validated', 'applied'], conflicted: ['validated', 'conflicted'], committed: ['validated', 'applied', 'committed'],
    rejected: ['rejected'], quarantined: ['quarantined'], rolled_back: ['validated', 'applied', 'committed', 'rolled_back'], superseded: ['validated', 'superseded'], dropped: ['dropped'],
  };
  return paths[state].reduce((e, to) => transitionLedgerEntry(e, to, change(to)), fresh());
}

describe('ledger state machine (ADR 0002)', () => {
  it('the table is exactly the ADR: 10 states, five of them terminal', () => {
    expect(LEDGER_TRANSITIONS).toEqual(LEGAL);
  });

  it('allows every legal transition and throws InvariantError on every illegal one (all 100 pairs)', () => {
    for (const from of STATES)
      for (const to of STATES) {
        const e = reach(from);
        if (LEGAL[from].includes(to)) {
          const next = transitionLedgerEntry(e, to, change(to));
          expect(next.state).toBe(to);
          expect(next.state_history.at(-1)).toEqual({ from, to, at: expect.any(String), reason: `to ${to}` });
          const checked = validateDocument('patch_ledger_entry', next);
          expect(checked.ok ? [] : checked.issues, `${from}->${to}`).toEqual([]);
        } else expect(() => transitionLedgerEntry(e, to, change(to)), `${from}->${to}`).toThrow(InvariantError);
      }
  });

  it('refuses a quarantine without its record, a commit without its SHA, a rollback without its patch', () => {
    expect(() => transitionLedgerEntry(fresh(), 'quarantined', { at: 'x', reason: 'r' })).toThrow(/without a quarantine record/);
    expect(() => transitionLedgerEntry(reach('applied'), 'committed', { at: 'x', reason: 'r' })).toThrow(/without a commit/);
    expect(() => transitionLedgerEntry(reach('committed'), 'rolled_back', { at: 'x', reason: 'r' })).toThrow(/without its rollback patch/);
  });

  it('keeps validation results and application attempts, numbering the attempts', () => {
    let e = transitionLedgerEntry(fresh(), 'validated', { at: 'a', reason: 'ok', validation: [{ check: 'policy', passed: true, violations: [] }] });
    e = transitionLedgerEntry(e, 'conflicted', { at: 'b', reason: 'c', application: { at: 'b', result: 'conflicted', conflicting_paths: ['x'] } });
    e = transitionLedgerEntry(e, 'applied', { at: 'c', reason: 'retry', application: { at: 'c', result: 'applied', commit: 'abcdef1' } });
    expect(e.validation_results).toHaveLength(1);
    expect(e.application_attempts?.map((a) => [a.attempt, a.result])).toEqual([[1, 'conflicted'], [2, 'applied']]);
  });

  it('any sequence of attempted transitions: legal ones apply, illegal ones throw and change nothing (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...STATES), { maxLength: 12 }), (targets) => {
        let e = fresh();
        let model: LedgerState = 'created';
        targets.forEach((to, i) => {
          if (LEGAL[model].includes(to)) {
            e = transitionLedgerEntry(e, to, change(to, i));
            model = to;
          } else {
            const before = e;
            expect(() => transitionLedgerEntry(e, to, change(to, i))).toThrow(InvariantError);
            expect(e).toBe(before);
          }
        });
        expect(e.state).toBe(model);
        expect(e.state_history.map((t) => t.to).at(-1)).toBe(model);
        for (let i = 1; i < e.state_history.length; i++) expect(LEGAL[e.state_history[i]!.from!]).toContain(e.state_history[i]!.to);
      }),
      { numRuns: 1000 },
    );
  });
});
