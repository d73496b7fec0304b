import type { RecordedRequest } from './create-model-stand-in.js';
import { callTools, reply, type ModelTurn, type StandInToolCall, type StandInUsage } from './model-turn.js';

interface AnthropicBody {
  messages?: { role?: string; content?: unknown }[];
  tools?: { name?: string }[];
}
interface ResponsesBody {
  input?: { type?: string }[];
}

/** Claude Code's working directory, as its system context states it ("Primary working directory: <path>"). */
export function claudeCwd(req: RecordedRequest): string {
  const m = /Primary working directory: ([^\n"\\]+)/.exec(JSON.stringify(req.body));
  if (!m) throw new Error('stand-in: no working directory in the request');
  return m[1]!.trim();
}

/** Whether the model already got the results of the tool calls it asked for (the next answer is the last one). */
export function hasToolResults(req: RecordedRequest): boolean {
  if (req.api === 'anthropic') {
    const last = (req.body as AnthropicBody).messages?.at(-1)?.content;
    return Array.isArray(last) && last.some((c) => (c as { type?: string }).type === 'tool_result');
  }
  return ((req.body as ResponsesBody).input ?? []).some((i) => /_call_output$/.test(i.type ?? ''));
}

/** The tools the CLI offered the model (Anthropic: `tools`; Codex: the functions in its additional_tools item). */
export function offeredTools(req: RecordedRequest): string[] {
  if (req.api === 'anthropic') return ((req.body as AnthropicBody).tools ?? []).map((t) => t.name ?? '');
  return [...JSON.stringify(req.body).matchAll(/"type":"(?:custom|function)","name":"([^"]+)"/g)].map((m) => m[1]!);
}

/**
 * A script that asks for `calls(req)` on the first model call of a turn and then answers `final` once the tool
 * results came back: stateless, so side requests of a CLI do not shift it.
 */
export function toolsThenReply(
  calls: (req: RecordedRequest) => readonly StandInToolCall[],
  final = 'Done.',
  usage?: { calls?: StandInUsage; reply?: StandInUsage },
): (req: RecordedRequest) => ModelTurn {
  return (req) => (hasToolResults(req) ? reply(final, usage?.reply) : callTools(calls(req), usage?.calls));
}

/** Claude Code: write `files` (paths relative to its working directory) with its Write tool. */
export const claudeWrites = (files: Readonly<Record<string, string>>) => (req: RecordedRequest): StandInToolCall[] =>
  Object.entries(files).map(([file, content]) => ({ name: 'Write', input: { file_path: `${claudeCwd(req)}/${file}`, content } }));

/** How many rounds of tool results the model got so far in this conversation. */
export function toolRounds(req: RecordedRequest): number {
  if (req.api === 'anthropic')
    return ((req.body as AnthropicBody).messages ?? []).filter(
      (m) => Array.isArray(m.content) && m.content.some((c) => (c as { type?: string }).type === 'tool_result'),
    ).length;
  return ((req.body as ResponsesBody).input ?? []).filter((i) => /_call_output$/.test(i.type ?? '')).length;
}

/**
 * A script in stages: the n-th round of tool calls comes from `rounds[n]`, and once every round got its results, the
 * final reply. Stateless (it counts the tool results in the conversation), so side requests do not shift it.
 */
export function stages(
  rounds: readonly ((req: RecordedRequest) => readonly StandInToolCall[])[],
  final = 'Done.',
  usage?: StandInUsage,
): (req: RecordedRequest) => ModelTurn {
  return (req) => {
    const n = toolRounds(req);
    return n < rounds.length ? callTools(rounds[n]!(req), usage) : reply(final, usage);
  };
}

/** Claude Code: read `file`, then replace `from` by `to` in it with its Edit tool (Edit needs the Read first). */
export const claudeEdit = (file: string, from: string, to: string) =>
  [
    (req: RecordedRequest): StandInToolCall[] => [{ name: 'Read', input: { file_path: `${claudeCwd(req)}/${file}` } }],
    (req: RecordedRequest): StandInToolCall[] => [
      { name: 'Edit', input: { file_path: `${claudeCwd(req)}/${file}`, old_string: from, new_string: to } },
    ],
  ] as const;

/** Codex: its `exec` custom tool running `apply_patch` with a patch in Codex's own format. */
export const codexApplyPatch = (patch: string): StandInToolCall => ({
  name: 'exec',
  kind: 'custom',
  input: `await tools.apply_patch(${JSON.stringify(patch)});`,
});

/** A Codex patch that adds `files` (paths relative to the working directory). */
export const codexAddFiles = (files: Readonly<Record<string, string>>) =>
  `*** Begin Patch\n${Object.entries(files)
    .map(([f, c]) => `*** Add File: ${f}\n${c.replace(/\n$/, '').split('\n').map((l) => `+${l}`).join('\n')}\n`)
    .join('')}*** End Patch\n`;

/** A Codex patch that replaces the line `from` by `to` in `file`. */
export const codexUpdateLine = (file: string, from: string, to: string) =>
  `*** Begin Patch\n*** Update File: ${file}\n@@\n-${from}\n+${to}\n*** End Patch\n`;
