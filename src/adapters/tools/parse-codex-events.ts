import type { ErrorClass, Tokens } from '../../core/run/events.js';
import { classifyToolMessage } from './classify-tool-message.js';

export interface CodexOutcome {
  readonly turnsCompleted: number;
  readonly tokens?: Tokens;
  readonly errors: readonly string[];
  readonly errorClass?: ErrorClass;
  /** The text of the last agent_message item. */
  readonly lastMessage?: string;
}

interface CodexEvent {
  type?: string;
  usage?: { input_tokens?: number; cached_input_tokens?: number; output_tokens?: number };
  error?: { message?: string };
  message?: string;
  item?: { type?: string; text?: string };
}

const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : 0);

/**
 * Reads `codex exec --json` output, one JSON event per line: token usage summed over turn.completed events
 * (input_tokens already counts cached ones), error messages from turn.failed and error events, and the last
 * agent message. Codex reports no cost in USD. An error with no completed turn is a failure, classified by its
 * text (auth → permanent, rate limit → rate_limit, overloaded → transient_error, else permanent).
 */
export function parseCodexEvents(stdout: string): CodexOutcome {
  let turns = 0;
  let input = 0;
  let output = 0;
  let sawUsage = false;
  const errors: string[] = [];
  let lastMessage: string | undefined;
  for (const line of stdout.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    let e: CodexEvent;
    try {
      e = JSON.parse(line) as CodexEvent;
    } catch {
      continue;
    }
    if (e.type === 'turn.completed') {
      turns += 1;
      if (e.usage) {
        sawUsage = true;
        input += num(e.usage.input_tokens);
        output += num(e.usage.output_tokens);
      }
    } else if (e.type === 'turn.failed') errors.push(e.error?.message ?? 'turn failed');
    else if (e.type === 'error') errors.push(e.message ?? e.error?.message ?? 'error');
    else if (
      e.type === 'item.completed' &&
      e.item?.type === 'agent_message' &&
      typeof e.item.text === 'string'
    )
      lastMessage = e.item.text;
  }
  const failed = errors.length > 0 && turns === 0;
  return {
    turnsCompleted: turns,
    ...(sawUsage ? { tokens: { input, output } } : {}),
    errors,
    ...(failed ? { errorClass: classifyToolMessage(errors.join('\n')) ?? 'permanent' } : {}),
    ...(lastMessage !== undefined ? { lastMessage } : {}),
  };
}
