/** Token counts a stand-in reports for one model response. */
export interface StandInUsage {
  readonly input: number;
  readonly output: number;
  /** Anthropic: cache reads; OpenAI: cached input tokens (part of `input`). */
  readonly cached?: number;
}

/**
 * A tool call the stand-in makes the model ask for. For the Anthropic Messages API, `input` is the tool's JSON
 * input (streamed as input_json_delta). For the OpenAI Responses API, a `custom` call (Codex's `exec`) takes raw
 * text as `input`, a `function` call takes a JSON object (sent as its `arguments` string).
 */
export interface StandInToolCall {
  readonly name: string;
  readonly input: unknown;
  readonly kind?: 'custom' | 'function';
}

/** What the stand-in answers to one model request. */
export type ModelTurn =
  | {
      readonly kind: 'reply';
      readonly text?: string;
      readonly toolCalls?: readonly StandInToolCall[];
      readonly usage?: StandInUsage;
    }
  /** An HTTP error with the API's error body (Anthropic `{type:"error",error}`, OpenAI `{error}`). */
  | { readonly kind: 'error'; readonly status: number; readonly type?: string; readonly message?: string }
  /** Accept the request and never answer (a stalled endpoint). */
  | { readonly kind: 'hang' };

export const reply = (text: string, usage?: StandInUsage): ModelTurn => ({
  kind: 'reply',
  text,
  ...(usage ? { usage } : {}),
});

export const callTools = (toolCalls: readonly StandInToolCall[], usage?: StandInUsage): ModelTurn => ({
  kind: 'reply',
  toolCalls,
  ...(usage ? { usage } : {}),
});

export const DEFAULT_USAGE: StandInUsage = { input: 1200, output: 80 };
