import path from 'node:path';
import type { ErrorClass, Tokens } from '../../core/run/events.js';
import { classifyApiStatus, classifyToolMessage } from './classify-tool-message.js';

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

interface Usage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

interface ModelUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheCreationInputTokens?: number;
  costUSD?: number;
}

interface Denial {
  tool_name?: string;
  tool_input?: { file_path?: unknown; notebook_path?: unknown; path?: unknown; command?: unknown };
}

interface ClaudeResult {
  type?: string;
  subtype?: string;
  is_error?: boolean;
  result?: string;
  total_cost_usd?: number;
  usage?: Usage;
  modelUsage?: Record<string, ModelUsage>;
  permission_denials?: Denial[];
  api_error_status?: number | null;
  api_error_type?: string | null;
}

const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : 0);

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
 * Tokens from `usage` (input with cache creation and cache reads, and output), or, when it counts nothing (Claude
 * stopped by its budget reports zeros there), the sum of `modelUsage` over the models used.
 */
function readTokens(r: ClaudeResult): Tokens | undefined {
  const u = r.usage;
  const fromUsage = u
    ? { input: num(u.input_tokens) + num(u.cache_creation_input_tokens) + num(u.cache_read_input_tokens), output: num(u.output_tokens) }
    : undefined;
  if (fromUsage && fromUsage.input + fromUsage.output > 0) return fromUsage;
  const models = Object.values(r.modelUsage ?? {});
  if (!models.length) return fromUsage;
  return models.reduce<Tokens>(
    (t, m) => ({
      input: t.input + num(m.inputTokens) + num(m.cacheReadInputTokens) + num(m.cacheCreationInputTokens),
      output: t.output + num(m.outputTokens),
    }),
    { input: 0, output: 0 },
  );
}

/** The cost: total_cost_usd, or the sum of modelUsage costs when the total is missing. */
function readCost(r: ClaudeResult): number | undefined {
  if (typeof r.total_cost_usd === 'number' && Number.isFinite(r.total_cost_usd) && r.total_cost_usd >= 0)
    return r.total_cost_usd;
  const costs = Object.values(r.modelUsage ?? {}).map((m) => m.costUSD);
  return costs.some((c) => typeof c === 'number') ? costs.reduce<number>((s, c) => s + num(c), 0) : undefined;
}

/** One denial as `Tool path` (relative to the worktree when inside it) or `Bash: command`. */
function describeDenial(d: Denial, worktree: string | undefined): string {
  const tool = d.tool_name ?? 'a tool';
  const input = d.tool_input ?? {};
  const target = [input.file_path, input.notebook_path, input.path].find((p): p is string => typeof p === 'string');
  if (target !== undefined) {
    if (worktree === undefined || !path.isAbsolute(target)) return `${tool} ${target}`;
    const rel = path.relative(worktree, target);
    return rel.startsWith('..') || path.isAbsolute(rel) ? `${tool} ${target} (outside the worktree)` : `${tool} ${rel}`;
  }
  if (typeof input.command === 'string') return `${tool}: ${input.command.slice(0, 120)}`;
  return tool;
}

/**
 * Reads the JSON result of Claude Code (2.1.328): the cost (total_cost_usd), the tokens (usage, else modelUsage),
 * and whether it failed. In order:
 * - an API error (`api_error_status`): 401/403 permanent at once (a key does not fix itself), 429 rate_limit,
 *   5xx and 529 transient_error, other 4xx permanent; without a status (a refused connection, a DNS failure) the
 *   result text decides;
 * - `error_max_budget_usd`: budget_exceeded; `error_max_turns`: permanent;
 * - `permission_denials` (a write outside the worktree, into .git or a settings file, a tool the policy does not
 *   allow): policy_violation, naming each denied call, even when Claude called the task a success;
 * - any other `is_error` or non-success subtype: classified by its text (permanent when it says nothing known).
 */
export function parseClaudeResult(stdout: string, worktree?: string): ClaudeOutcome {
  const r = findResult(stdout);
  if (!r) return { found: false };
  const tokens = readTokens(r);
  const costUsd = readCost(r);
  const base = {
    found: true,
    ...(costUsd !== undefined ? { costUsd } : {}),
    ...(tokens ? { tokens } : {}),
    ...(typeof r.result === 'string' ? { result: r.result } : {}),
  };
  const text = (r.result ?? '').trim().slice(0, 500);
  const subtype = r.subtype ?? 'success';
  const status = typeof r.api_error_status === 'number' ? r.api_error_status : undefined;
  if (status !== undefined) {
    const errorClass = classifyApiStatus(status);
    return { ...base, errorClass, message: `claude: the model API answered ${status}${r.api_error_type ? ` ${r.api_error_type}` : ''}${text ? `: ${text}` : ''}` };
  }
  if (subtype === 'error_max_budget_usd')
    return { ...base, errorClass: 'budget_exceeded', message: `claude reported error_max_budget_usd: it reached --max-budget-usd${text ? `: ${text}` : ''}` };
  if (subtype === 'error_max_turns') return { ...base, errorClass: 'permanent', message: `claude reported error_max_turns${text ? `: ${text}` : ''}` };
  const denials = (r.permission_denials ?? []).filter((d) => d && typeof d === 'object');
  if (denials.length)
    return {
      ...base,
      errorClass: 'policy_violation',
      message: `claude was denied ${denials.length} tool call${denials.length > 1 ? 's' : ''} the step's policy does not allow: ${denials.map((d) => describeDenial(d, worktree)).join(', ')}`,
    };
  if (!r.is_error && subtype === 'success') return base;
  return {
    ...base,
    errorClass: classifyToolMessage(text) ?? 'permanent',
    message: `claude reported ${r.is_error ? 'an error' : subtype}${text ? `: ${text}` : ''}`,
  };
}
