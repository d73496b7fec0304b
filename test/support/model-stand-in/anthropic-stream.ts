import { DEFAULT_USAGE, type ModelTurn } from './model-turn.js';

type Reply = Extract<ModelTurn, { kind: 'reply' }>;

const event = (type: string, data: Record<string, unknown>) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

/**
 * One reply as the Anthropic Messages API streams it (server-sent events): message_start, one content block per
 * text or tool use (text_delta / input_json_delta, the JSON split in two chunks as the API does), message_delta
 * with the stop reason and output tokens, message_stop.
 */
export function buildAnthropicStream(turn: Reply, model: string, n: number): string {
  const usage = turn.usage ?? DEFAULT_USAGE;
  const parts: string[] = [
    event('message_start', {
      message: {
        id: `msg_standin_${n}`,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: usage.input,
          output_tokens: 1,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: usage.cached ?? 0,
        },
      },
    }),
  ];
  let index = 0;
  if (turn.text !== undefined) {
    parts.push(event('content_block_start', { index, content_block: { type: 'text', text: '' } }));
    parts.push(event('content_block_delta', { index, delta: { type: 'text_delta', text: turn.text } }));
    parts.push(event('content_block_stop', { index }));
    index += 1;
  }
  for (const call of turn.toolCalls ?? []) {
    const id = `toolu_standin_${n}_${index}`;
    const json = JSON.stringify(call.input ?? {});
    const half = Math.floor(json.length / 2);
    parts.push(event('content_block_start', { index, content_block: { type: 'tool_use', id, name: call.name, input: {} } }));
    for (const partial_json of [json.slice(0, half), json.slice(half)])
      parts.push(event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json } }));
    parts.push(event('content_block_stop', { index }));
    index += 1;
  }
  const stop_reason = turn.toolCalls?.length ? 'tool_use' : 'end_turn';
  parts.push(event('message_delta', { delta: { stop_reason, stop_sequence: null }, usage: { output_tokens: usage.output } }));
  parts.push(event('message_stop', {}));
  return parts.join('');
}

/** The Anthropic API's error body. */
export const anthropicError = (type: string, message: string) => ({ type: 'error', error: { type, message } });
