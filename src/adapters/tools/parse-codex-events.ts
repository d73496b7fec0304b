import type { ErrorClass, Tokens } from '../../core/run/events.js';
import { classifyApiStatus, classifyToolMessage } from './classify-tool-message.js';

export interface CodexOutcome {
  readonly turnsCompleted: number;
  readonly tokens?: Tokens;
  /** The error messages, without Codex's retry chatter ("Reconnecting… 1/5 (…)", the websocket fallback). */
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
  item?: { type?: string; text?: string; message?: string };
}

const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : 0);

/** Codex's retry and transport notices: not failures of their own (the final error says what happened). */
const NOISE = /^(Reconnecting\.\.\.|Falling back from WebSockets)/;

/** The error class of Codex's error text: an HTTP status it names decides first, then the words. */
function classify(text: string): ErrorClass {
  const status = /unexpected status (\d{3})\b/.exec(text)?.[1];
  if (status !== undefined) return classifyApiStatus(Number(status));
  return classifyToolMessage(text) ?? 'permanent';
}

/**
 * Reads `codex exec --json` output, one JSON event per line: token usage summed over turn.completed events
 * (input_tokens already counts cached ones), the error messages of turn.failed and error events (Codex's
 * "Reconnecting…" notices dropped), and the last agent message. Codex reports no cost in USD. An error with no
 * completed turn is a failure: the HTTP status Codex names classifies it (401/403 permanent, 429 rate_limit, 5xx
 * transient_error), else its text ("Connection failed" transient_error, anything unknown permanent).
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
    else if (e.type === 'item.completed' && e.item?.type === 'agent_message' && typeof e.item.text === 'string')
      lastMessage = e.item.text;
  }
  const real = [...new Set(errors.filter((m) => !NOISE.test(m)))];
  const failed = real.length > 0 && turns === 0;
  return {
    turnsCompleted: turns,
    ...(sawUsage ? { tokens: { input, output } } : {}),
    errors: real,
    ...(failed ? { errorClass: classify(real.join('\n')) } : {}),
    ...(lastMessage !== undefined ? { lastMessage } : {}),
  };
}
