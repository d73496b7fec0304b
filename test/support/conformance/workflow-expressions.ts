import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { truthy } from '@actions/expressions/result';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- expression contexts are JSON of any shape
export type Contexts = Record<string, any>;

/**
 * What the status functions answer. For a job's `if:`, success() holds when every job it needs, directly or not,
 * succeeded (a skipped one does not: GitHub skips the job), failure() when one failed; for a step's, when no
 * earlier step of the job failed.
 */
export interface JobStatus {
  readonly success: boolean;
  readonly failure: boolean;
  readonly cancelled: boolean;
}

/** Every job (or step) before this one succeeded. */
export const SUCCEEDED: JobStatus = { success: true, failure: false, cancelled: false };

const STATUS = ['success', 'failure', 'cancelled', 'always'] as const;

/**
 * Evaluates one expression (the text inside `${{ }}`) with GitHub's own engine, @actions/expressions, and the
 * status functions as the runner defines them.
 */
export function evaluateExpression(expr: string, contexts: Contexts, status: JobStatus): data.ExpressionData {
  const values: Record<(typeof STATUS)[number], boolean> = { ...status, always: true };
  const infos = STATUS.map((name) => ({ name, minArgs: 0, maxArgs: 0 }));
  const lexed = new Lexer(expr).lex();
  const tree = new Parser(lexed.tokens, Object.keys(contexts), infos).parse();
  const dict = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary;
  const functions = new Map(
    STATUS.map((name) => [name, { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(values[name]) }]),
  );
  return new Evaluator(tree, dict, functions).evaluate();
}

/** A value with each `${{ }}` evaluated and turned into a string, as the runner does for `with:`, `env:` and the rest. */
export function interpolate(text: unknown, contexts: Contexts, status: JobStatus): string {
  return String(text).replace(/\$\{\{\s*([\s\S]+?)\s*\}\}/g, (_m, expr: string) =>
    evaluateExpression(expr, contexts, status).coerceString(),
  );
}

/**
 * A job key's value as the runner sees it (`runs-on`, `timeout-minutes`): a whole `${{ }}` is evaluated to its
 * value (an object from fromJSON stays an object, as GitHub's runs-on takes it); any other text is interpolated;
 * arrays and objects are evaluated member by member.
 */
export function evaluateValue(value: unknown, contexts: Contexts, status: JobStatus): unknown {
  if (typeof value === 'string') {
    const whole = /^\s*\$\{\{\s*([\s\S]*?)\s*\}\}\s*$/.exec(value);
    if (whole) return JSON.parse(JSON.stringify(evaluateExpression(whole[1]!, contexts, status), data.replacer)) as unknown;
    return interpolate(value, contexts, status);
  }
  if (Array.isArray(value)) return value.map((v) => evaluateValue(v, contexts, status));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluateValue(v, contexts, status)]));
  return value;
}

/**
 * Whether a job's or step's `if:` holds. Without a status function in it, GitHub applies `success() && (…)`; a job
 * or step without `if:` is `success()`.
 */
export function conditionHolds(cond: string | undefined, contexts: Contexts, status: JobStatus): boolean {
  const expr = (cond ?? 'success()').replace(/^\s*\$\{\{\s*([\s\S]*?)\s*\}\}\s*$/, '$1');
  const hasStatus = /\b(success|failure|cancelled|always)\s*\(/.test(expr);
  return truthy(evaluateExpression(hasStatus ? expr : `success() && (${expr})`, contexts, status));
}
