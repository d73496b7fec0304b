import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { missingPrompt } from './missing-prompt.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildAiderArgv, type AiderHistory } from './aider-argv.js';
import type { CliAdapterOptions } from './claude-adapter.js';
import { parseAiderOutput } from './parse-aider-output.js';
import { processFailure } from './process-failure.js';
import { runCliTool } from './run-cli-tool.js';
import type { ToolAdapter, ToolInput, ToolResult } from './tool-adapter.js';

/** The provider keys and endpoints aider (through litellm) reads. */
export const AIDER_ENV = [
  'OPENAI_API_KEY',
  'OPENAI_API_BASE',
  'ANTHROPIC_API_KEY',
  'GEMINI_API_KEY',
  'DEEPSEEK_API_KEY',
  'OPENROUTER_API_KEY',
  'AIDER_MODEL',
] as const;

async function historyFiles(input: ToolInput): Promise<AiderHistory> {
  const dir =
    input.logPath !== undefined
      ? path.dirname(input.logPath)
      : await mkdtemp(path.join(tmpdir(), 'uet-aider-'));
  await mkdir(dir, { recursive: true });
  const stem = input.logPath !== undefined ? path.basename(input.logPath).replace(/\.log$/, '') : 'aider';
  return {
    chatHistoryFile: path.join(dir, `${stem}.aider-chat.md`),
    inputHistoryFile: path.join(dir, `${stem}.aider-input`),
  };
}

const aiderState = async (dir: string) =>
  new Set((await readdir(dir).catch(() => [])).filter((f) => f.startsWith('.aider')));

/**
 * aider (0.86 or later; see buildAiderArgv): one message, the files in scope as arguments, cost and tokens from
 * its cost lines. aider's own state files (.aider.tags.cache.*) that appear in the worktree root are removed
 * afterwards so that they never reach the step's commit.
 */
export function createAiderAdapter(options: CliAdapterOptions = {}): ToolAdapter {
  const binary = options.binary ?? 'aider';
  const id = options.id ?? 'aider';
  return {
    id,
    binary,
    minVersion: options.minVersion ?? '0.86.0',
    envPassThrough: AIDER_ENV,
    async run(input: ToolInput): Promise<ToolResult> {
      if (!input.prompt) return missingPrompt(id);
      const before = await aiderState(input.worktree);
      const call = {
        toolId: id,
        binary,
        args: buildAiderArgv(input, await historyFiles(input), options),
        installHint:
          'install aider 0.86 or later (python -m pip install aider-install && aider-install) or fix PATH',
      };
      const r = await runCliTool(input, call);
      for (const f of await aiderState(input.worktree))
        if (!before.has(f)) await rm(path.join(input.worktree, f), { recursive: true, force: true });
      const early = processFailure(r, call, input.timeoutMs);
      if (early) return early;
      const parsed = parseAiderOutput(r.stdout, r.outputTail);
      const base = {
        exitCode: r.exitCode,
        outputTail: r.outputTail,
        durationMs: r.durationMs,
        ...(parsed.costUsd !== undefined ? { costUsd: parsed.costUsd } : {}),
        ...(parsed.tokens ? { tokens: parsed.tokens } : {}),
      };
      if (parsed.errorClass)
        return { ...base, errorClass: parsed.errorClass, message: parsed.message ?? 'aider failed' };
      if (r.exitCode !== 0)
        return { ...base, errorClass: 'permanent', message: `aider exited with ${r.exitCode}` };
      return base;
    },
  };
}

export const aiderAdapter = createAiderAdapter();
