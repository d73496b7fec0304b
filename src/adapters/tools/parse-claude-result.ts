import type { ErrorClass, Tokens } from '../../core/run/events.js';
import { classifyToolMessage } from './classify-tool-message.js';

/** What UET reads from `claude -p --output-format json`. */
export interface ClaudeOutcome {
  /** Whether stdout held a result object at all. */
  readonly found: boolean;
  readonly errorClass?: ErrorClass;
  readonly message?: string;
  readonly costUsd?: number;
  readonly tokens?: Tokens;
  /** The final answer (the result field). */
  readonly result?: string;
}

interface ClaudeResult {
  type?: string;
  subtype?: string;
  is_error?: boolean;
  result?: string;
  total_cost_usd?: number;
  usage?: {
    input_tokens?: number;
    output_tokens?: number;
    cache_creation_input_tokens?: number;
    cache_read_input_tokens?: number;
  };
}

const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : 0);

/** The last line of stdout that is a JSON object with type "result" (a CLI may print warnings before it). */
function findResult(stdout: string): ClaudeResult | undefined {
  const lines = stdout.trim().split('\n').reverse();
  for (const text of [stdout.trim(), ...lines]) {
    try {
      const v = JSON.parse(text) as unknown;
      if (v && typeof v === 'object' && (v as ClaudeResult).type === 'result') return v;
    } catch {
      // not JSON
    }
  }
  return undefined;
}

/**
 * Reads the JSON result: total_cost_usd as the cost; input (plus cache creation and cache reads) and output
 * tokens. A result with is_error, or a subtype other than success, is a failure: error_max_budget_usd is
 * budget_exceeded, error_max_turns is permanent, and otherwise the result text decides (auth → permanent, rate
 * limit → rate_limit, overloaded → transient_error, anything else permanent).
 */
export function parseClaudeResult(stdout: string): ClaudeOutcome {
  const r = findResult(stdout);
  if (!r) return { found: false };
  const usage = r.usage;
  const tokens = usage
    ? {
        input:
          num(usage.input_tokens) +
          num(usage.cache_creation_input_tokens) +
          num(usage.cache_read_input_tokens),
        output: num(usage.output_tokens),
      }
    : undefined;
  const base = {
    found: true,
    ...(typeof r.total_cost_usd === 'number' ? { costUsd: r.total_cost_usd } : {}),
    ...(tokens ? { tokens } : {}),
    ...(typeof r.result === 'string' ? { result: r.result } : {}),
  };
  const subtype = r.subtype ?? 'success';
  if (!r.is_error && subtype === 'success') return base;
  const text = (r.result ?? '').trim();
  const errorClass: ErrorClass =
    subtype === 'error_max_budget_usd'
      ? 'budget_exceeded'
      : subtype === 'error_max_turns'
        ? 'permanent'
        : (classifyToolMessage(text) ?? 'permanent');
  return {
    ...base,
    errorClass,
    message: `claude reported ${subtype}${text ? `: ${text.slice(0, 500)}` : ''}`,
  };
}
