import { DEFAULT_USAGE, type ModelTurn } from './model-turn.js';

type Reply = Extract<ModelTurn, { kind: 'reply' }>;

const event = (type: string, data: Record<string, unknown>, seq: { n: number }) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq.n++, ...data })}\n\n`;

/** The output items of a reply: an assistant message for the text, then one item per tool call. */
function outputItems(turn: Reply, n: number): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  if (turn.text !== undefined)
    items.push({
      type: 'message',
      id: `msg_standin_${n}`,
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: turn.text, annotations: [] }],
    });
  (turn.toolCalls ?? []).forEach((call, i) => {
    const call_id = `call_standin_${n}_${i}`;
    items.push(
      call.kind === 'function'
        ? { type: 'function_call', id: `fc_standin_${n}_${i}`, status: 'completed', call_id, name: call.name, arguments: JSON.stringify(call.input ?? {}) }
        : { type: 'custom_tool_call', id: `ctc_standin_${n}_${i}`, status: 'completed', call_id, name: call.name, input: String(call.input) },
    );
  });
  return items;
}

/**
 * One reply as the OpenAI Responses API streams it (server-sent events): response.created, then for each output
 * item response.output_item.added and response.output_item.done, then response.completed with the usage.
 */
export function buildResponsesStream(turn: Reply, model: string, n: number): string {
  const usage = turn.usage ?? DEFAULT_USAGE;
  const seq = { n: 0 };
  const response = { id: `resp_standin_${n}`, object: 'response', created_at: 1_800_000_000, model, output: [] as unknown[] };
  const parts = [event('response.created', { response: { ...response, status: 'in_progress' } }, seq)];
  const items = outputItems(turn, n);
  items.forEach((item, output_index) => {
    const pending =
      item.type === 'message'
        ? { ...item, status: 'in_progress', content: [] }
        : { ...item, status: 'in_progress', ...(item.type === 'custom_tool_call' ? { input: '' } : { arguments: '' }) };
    parts.push(event('response.output_item.added', { output_index, item: pending }, seq));
    parts.push(event('response.output_item.done', { output_index, item }, seq));
  });
  parts.push(
    event(
      'response.completed',
      {
        response: {
          ...response,
          status: 'completed',
          output: items,
          usage: {
            input_tokens: usage.input,
            input_tokens_details: { cached_tokens: usage.cached ?? 0 },
            output_tokens: usage.output,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: usage.input + usage.output,
          },
        },
      },
      seq,
    ),
  );
  return parts.join('');
}

/** The OpenAI API's error body. */
export const openaiError = (type: string, message: string) => ({ error: { type, message, code: type, param: null } });
