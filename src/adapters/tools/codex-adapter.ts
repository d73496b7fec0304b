import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { missingPrompt } from './missing-prompt.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CliAdapterOptions } from './claude-adapter.js';
import { classifyToolMessage } from './classify-tool-message.js';
import { buildCodexArgv } from './codex-argv.js';
import { parseCodexEvents } from './parse-codex-events.js';
import { processFailure } from './process-failure.js';
import { runCliTool } from './run-cli-tool.js';
import type { ToolAdapter, ToolInput, ToolResult } from './tool-adapter.js';

/** Codex CLI's own variables: its API keys, endpoint and home (where `codex login` keeps its credentials). */
export const CODEX_ENV = ['OPENAI_API_KEY', 'CODEX_API_KEY', 'OPENAI_BASE_URL', 'CODEX_HOME'] as const;

/** Where the last message goes: beside the step log (`<step>.<attempt>.last-message.txt`), never in the worktree. */
async function lastMessagePath(input: ToolInput): Promise<string> {
  if (input.logPath !== undefined) {
    await mkdir(path.dirname(input.logPath), { recursive: true });
    return input.logPath.replace(/\.log$/, '') + '.last-message.txt';
  }
  return path.join(await mkdtemp(path.join(tmpdir(), 'uet-codex-')), 'last-message.txt');
}

/**
 * Codex CLI (`codex exec`, 0.169 or later; see buildCodexArgv): the prompt on stdin, JSONL events on stdout, the
 * token usage from turn.completed (no USD cost: Codex does not report one), the last message kept beside the log.
 */
export function createCodexAdapter(options: CliAdapterOptions = {}): ToolAdapter {
  const binary = options.binary ?? 'codex';
  const id = options.id ?? 'codex';
  return {
    id,
    binary,
    minVersion: options.minVersion ?? '0.169.0',
    envPassThrough: CODEX_ENV,
    async run(input: ToolInput): Promise<ToolResult> {
      if (!input.prompt) return missingPrompt(id);
      const lastFile = await lastMessagePath(input);
      const call = {
        toolId: id,
        binary,
        args: buildCodexArgv(lastFile, options),
        input: input.prompt.instance.rendered_text,
        installHint: 'install Codex CLI 0.169 or later (npm install -g @openai/codex) or fix PATH',
      };
      const r = await runCliTool(input, call);
      const early = processFailure(r, call, input.timeoutMs);
      if (early) return early;
      const parsed = parseCodexEvents(r.stdout);
      const base = {
        exitCode: r.exitCode,
        outputTail: r.outputTail,
        durationMs: r.durationMs,
        ...(parsed.tokens ? { tokens: parsed.tokens } : {}),
      };
      if (parsed.errorClass)
        return {
          ...base,
          errorClass: parsed.errorClass,
          message: `codex failed: ${parsed.errors.join('; ').slice(0, 500)}`,
        };
      if (r.exitCode !== 0) {
        const text = [...parsed.errors, r.outputTail].join('\n');
        return {
          ...base,
          errorClass: classifyToolMessage(text) ?? 'permanent',
          message: `codex exited with ${r.exitCode}${parsed.errors.length ? `: ${parsed.errors.join('; ').slice(0, 500)}` : ''}`,
        };
      }
      const last = await readFile(lastFile, 'utf8').catch(() => parsed.lastMessage ?? '');
      return { ...base, ...(last.trim() ? { message: last.trim().split('\n')[0]!.slice(0, 200) } : {}) };
    },
  };
}

export const codexAdapter = createCodexAdapter();
