/** A parsed custom acceptance expression: gate ids combined with and, or, not and parentheses. */
export type AcceptanceExpr =
  | { readonly op: 'id'; readonly id: string }
  | { readonly op: 'not'; readonly arg: AcceptanceExpr }
  | { readonly op: 'and' | 'or'; readonly args: readonly AcceptanceExpr[] };

export type ParsedExpression = { ok: true; expr: AcceptanceExpr } | { ok: false; message: string };

const TOKEN = /\s*(\(|\)|[A-Za-z0-9][A-Za-z0-9._:-]*)/y;

/**
 * Parses phase_spec acceptance.custom_expression, such as `tests and (lint or docs)`: `not` binds tightest, then
 * `and`, then `or`. Keywords are case-insensitive; anything else is a gate id. Pure; never throws.
 */
export function parseAcceptanceExpression(text: string): ParsedExpression {
  const tokens: string[] = [];
  let at = 0;
  for (;;) {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) break;
    tokens.push(m[1]!);
    at = TOKEN.lastIndex;
  }
  if (text.slice(at).trim() !== '') return { ok: false, message: `unexpected "${text.slice(at).trim()}"` };
  let i = 0;
  const kw = (t: string | undefined, k: string) => t?.toLowerCase() === k;
  const fail = (message: string): never => {
    throw new SyntaxError(message);
  };
  const primary = (): AcceptanceExpr => {
    const t = tokens[i++];
    if (t === undefined) return fail('the expression ends too early');
    if (kw(t, 'not')) return { op: 'not', arg: primary() };
    if (t === '(') {
      const e = disjunction();
      if (tokens[i++] !== ')') fail('missing ")"');
      return e;
    }
    if (t === ')' || kw(t, 'and') || kw(t, 'or')) return fail(`unexpected "${t}"`);
    return { op: 'id', id: t };
  };
  const conjunction = (): AcceptanceExpr => {
    const args = [primary()];
    while (kw(tokens[i], 'and')) {
      i++;
      args.push(primary());
    }
    return args.length === 1 ? args[0]! : { op: 'and', args };
  };
  const disjunction = (): AcceptanceExpr => {
    const args = [conjunction()];
    while (kw(tokens[i], 'or')) {
      i++;
      args.push(conjunction());
    }
    return args.length === 1 ? args[0]! : { op: 'or', args };
  };
  try {
    const expr = disjunction();
    if (i < tokens.length) fail(`unexpected "${tokens[i]}"`);
    return { ok: true, expr };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}
