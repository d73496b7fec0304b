import { buildClaudeArgv, type CliToolSettings } from './claude-argv.js';
import { missingPrompt } from './missing-prompt.js';
import { classifyToolMessage } from './classify-tool-message.js';
import { parseClaudeResult } from './parse-claude-result.js';
import { processFailure } from './process-failure.js';
import { runCliTool } from './run-cli-tool.js';
import type { ToolAdapter, ToolInput, ToolResult } from './tool-adapter.js';

export interface CliAdapterOptions extends CliToolSettings {
  /** The tool id it registers as (default: the adapter's name). */
  readonly id?: string;
  /** The executable (default: the adapter's name, looked up on PATH). */
  readonly binary?: string;
  readonly minVersion?: string;
}

/** Claude Code's own variables: its API key or token, endpoint, and the third-party provider switches. */
export const CLAUDE_ENV = [
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'ANTHROPIC_BASE_URL',
  'ANTHROPIC_MODEL',
  'CLAUDE_CONFIG_DIR',
  'CLAUDE_CODE_USE_BEDROCK',
  'CLAUDE_CODE_USE_VERTEX',
] as const;

/**
 * Claude Code (`claude`, 2.1 or later) in headless print mode (see buildClaudeArgv): the prompt on stdin, the
 * JSON result on stdout, cost from total_cost_usd and tokens from usage. Credentials are not checked up front:
 * Claude reports its own auth errors, which are classified as permanent.
 */
export function createClaudeAdapter(options: CliAdapterOptions = {}): ToolAdapter {
  const binary = options.binary ?? 'claude';
  const id = options.id ?? 'claude';
  return {
    id,
    binary,
    minVersion: options.minVersion ?? '2.1.0',
    envPassThrough: CLAUDE_ENV,
    async run(input: ToolInput): Promise<ToolResult> {
      if (!input.prompt) return missingPrompt(id);
      const call = {
        toolId: id,
        binary,
        args: buildClaudeArgv(input, options),
        input: input.prompt.instance.rendered_text,
        installHint:
          'install Claude Code 2.1 or later (npm install -g @anthropic-ai/claude-code) or fix PATH',
      };
      const r = await runCliTool(input, call);
      const early = processFailure(r, call, input.timeoutMs);
      if (early) return early;
      const parsed = parseClaudeResult(r.stdout);
      const base = {
        exitCode: r.exitCode,
        outputTail: r.outputTail,
        durationMs: r.durationMs,
        ...(parsed.costUsd !== undefined ? { costUsd: parsed.costUsd } : {}),
        ...(parsed.tokens ? { tokens: parsed.tokens } : {}),
      };
      if (parsed.errorClass)
        return { ...base, errorClass: parsed.errorClass, message: parsed.message ?? 'claude failed' };
      if (r.exitCode !== 0 || !parsed.found) {
        const errorClass = classifyToolMessage(r.outputTail) ?? 'permanent';
        const what = parsed.found
          ? `claude exited with ${r.exitCode}`
          : `claude exited with ${r.exitCode} and printed no JSON result`;
        return { ...base, errorClass, message: what };
      }
      return base;
    },
  };
}

export const claudeAdapter = createClaudeAdapter();
