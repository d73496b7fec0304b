import { parseAcceptanceExpression, type AcceptanceExpr } from './parse-acceptance-expression.js';

export type AcceptanceMode = 'all' | 'any' | 'custom';
export type CriterionStatus = 'met' | 'not_met' | 'not_checkable';

/** A gate of the phase: passed is undefined until it has run. */
export interface GateResult {
  readonly gate_id: string;
  readonly type: string;
  readonly passed?: boolean;
}

export interface AcceptanceResult {
  readonly mode: AcceptanceMode;
  /** null while it cannot be decided yet (a gate it needs has not run), or when the expression is invalid. */
  readonly accepted: boolean | null;
  readonly detail: string;
}

/** Kleene three-valued logic: undefined is unknown. */
function evaluate(e: AcceptanceExpr, value: (id: string) => boolean | undefined): boolean | undefined {
  switch (e.op) {
    case 'id':
      return value(e.id);
    case 'not': {
      const v = evaluate(e.arg, value);
      return v === undefined ? undefined : !v;
    }
    default: {
      const vs = e.args.map((a) => evaluate(a, value));
      const decisive = e.op === 'and' ? false : true;
      if (vs.includes(decisive)) return decisive;
      return vs.includes(undefined) ? undefined : !decisive;
    }
  }
}

/**
 * Whether a phase is accepted (phase_spec acceptance): all — every gate passed and no checkable criterion is not
 * met; any — at least one gate passed or checkable criterion met; custom — the expression over gate ids (a gate
 * type such as GATE_DOCS stands for every gate of that type). Criteria that are not checkable never decide. Pure.
 */
export function evaluateAcceptance(
  acceptance: { mode?: AcceptanceMode; custom_expression?: string },
  gates: readonly GateResult[],
  criteria: readonly { status: CriterionStatus }[] = [],
): AcceptanceResult {
  const mode = acceptance.mode ?? 'all';
  const checkable = criteria.filter((c) => c.status !== 'not_checkable');
  const items: (boolean | undefined)[] = [
    ...gates.map((g) => g.passed),
    ...checkable.map((c) => c.status === 'met'),
  ];
  const summary = `${gates.filter((g) => g.passed).length}/${gates.length} gates passed, ${checkable.filter((c) => c.status === 'met').length}/${checkable.length} checkable criteria met`;
  if (mode === 'custom') {
    const parsed = parseAcceptanceExpression(acceptance.custom_expression ?? '');
    if (!parsed.ok) return { mode, accepted: null, detail: `invalid custom_expression: ${parsed.message}` };
    const unknown: string[] = [];
    const value = (id: string) => {
      const hit = gates.filter((g) => g.gate_id === id || g.type === id);
      if (!hit.length) {
        unknown.push(id);
        return undefined;
      }
      return evaluate(
        { op: 'and', args: hit.map((g) => ({ op: 'id', id: g.gate_id })) },
        (gid) => gates.find((g) => g.gate_id === gid)!.passed,
      );
    };
    const v = evaluate(parsed.expr, value);
    if (unknown.length)
      return { mode, accepted: null, detail: `custom_expression names unknown gates: ${unknown.join(', ')}` };
    return { mode, accepted: v ?? null, detail: `${acceptance.custom_expression} (${summary})` };
  }
  if (!items.length) return { mode, accepted: null, detail: 'no gates and no checkable criteria' };
  const v = evaluate(
    { op: mode === 'all' ? 'and' : 'or', args: items.map((_, i) => ({ op: 'id', id: String(i) })) },
    (id) => items[Number(id)],
  );
  return { mode, accepted: v ?? null, detail: summary };
}
