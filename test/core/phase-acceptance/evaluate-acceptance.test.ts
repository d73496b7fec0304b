import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/core/bundle/index.js';
import {
  evaluateAcceptance,
  evaluateCriteria,
  parseAcceptanceExpression,
} from '../../../src/core/phase-acceptance/index.js';

const gates = [
  { gate_id: 'tests', type: 'GATE_TEST', passed: true },
  { gate_id: 'lint', type: 'GATE_LINT', passed: false },
  { gate_id: 'docs', type: 'GATE_DOCS' },
];

describe('phase acceptance', () => {
  it('parses and/or/not with parentheses, and reports syntax errors', () => {
    expect(parseAcceptanceExpression('tests and (lint or not docs)')).toEqual({
      ok: true,
      expr: {
        op: 'and',
        args: [
          { op: 'id', id: 'tests' },
          {
            op: 'or',
            args: [
              { op: 'id', id: 'lint' },
              { op: 'not', arg: { op: 'id', id: 'docs' } },
            ],
          },
        ],
      },
    });
    expect(parseAcceptanceExpression('tests and')).toEqual({
      ok: false,
      message: 'the expression ends too early',
    });
    expect(parseAcceptanceExpression('(tests')).toMatchObject({ ok: false, message: 'missing ")"' });
    expect(parseAcceptanceExpression('tests lint')).toMatchObject({
      ok: false,
      message: 'unexpected "lint"',
    });
  });

  it('all: every gate passes; any: one does; undecided while a needed gate has not run', () => {
    expect(evaluateAcceptance({ mode: 'all' }, gates)).toMatchObject({ accepted: false });
    expect(evaluateAcceptance({ mode: 'any' }, gates)).toMatchObject({ accepted: true });
    expect(evaluateAcceptance({ mode: 'all' }, [gates[0]!, gates[2]!])).toMatchObject({ accepted: null });
    expect(evaluateAcceptance({}, [], [])).toMatchObject({
      mode: 'all',
      accepted: null,
      detail: 'no gates and no checkable criteria',
    });
  });

  it('checkable criteria count; not checkable ones never decide', () => {
    const met = [{ status: 'met' as const }, { status: 'not_checkable' as const }];
    expect(evaluateAcceptance({ mode: 'all' }, [gates[0]!], met)).toMatchObject({
      accepted: true,
      detail: '1/1 gates passed, 1/1 checkable criteria met',
    });
    expect(evaluateAcceptance({ mode: 'all' }, [gates[0]!], [{ status: 'not_met' }])).toMatchObject({
      accepted: false,
    });
  });

  it('custom: the expression over gate ids or gate types, in three-valued logic', () => {
    expect(
      evaluateAcceptance({ mode: 'custom', custom_expression: 'tests and (lint or not GATE_LINT)' }, gates),
    ).toMatchObject({ accepted: true });
    expect(evaluateAcceptance({ mode: 'custom', custom_expression: 'tests or docs' }, gates)).toMatchObject({
      accepted: true,
    });
    expect(evaluateAcceptance({ mode: 'custom', custom_expression: 'tests and docs' }, gates)).toMatchObject({
      accepted: null,
    });
    expect(evaluateAcceptance({ mode: 'custom', custom_expression: 'lint and docs' }, gates)).toMatchObject({
      accepted: false,
    });
    expect(evaluateAcceptance({ mode: 'custom', custom_expression: 'tests and nope' }, gates)).toMatchObject({
      accepted: null,
      detail: 'custom_expression names unknown gates: nope',
    });
    expect(evaluateAcceptance({ mode: 'custom', custom_expression: 'tests and' }, gates).detail).toContain(
      'invalid custom_expression',
    );
  });

  it('completion criteria: met or not by the steps and gates they mention; prose is not checkable', () => {
    const built = buildPlan({
      bundle_id: 'b',
      workstreams: [
        {
          ws_id: 'W',
          steps: [{ step_id: 'k1-01' }, { step_id: 'k1-02' }],
          test_gates: [{ type: 'GATE_DOCS', command: 'true' }],
          completion_criteria: [
            'k1-01 and k1-02 are done',
            'GATE_DOCS passes',
            '8 ADRs exist',
            'k1-02 is done',
          ],
        },
      ],
    });
    if (!built.ok) throw new Error('plan');
    const state = (id: string) => (id === 'k1-02' ? 'failed' : 'succeeded');
    expect(
      evaluateCriteria(built.plan, state).map((c) => [c.criterion, c.status, c.refs.map((r) => r.id)]),
    ).toEqual([
      ['k1-01 and k1-02 are done', 'not_met', ['k1-01', 'k1-02']],
      ['GATE_DOCS passes', 'met', ['gate:W:gate_docs-0']],
      ['8 ADRs exist', 'not_checkable', []],
      ['k1-02 is done', 'not_met', ['k1-02']],
    ]);
  });
});
