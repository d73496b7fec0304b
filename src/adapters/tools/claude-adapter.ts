import { buildClaudeArgv, type CliToolSettings } from './claude-argv.js';
import { missingPrompt } from './missing-prompt.js';
import { classifyToolMessage } from './classify-tool-message.js';
import { parseClaudeResult } from './parse-claude-result.js';
import { processFailure } from './process-failure.js';
import { runCliTool } from './run-cli-tool.js';
import type { ToolAdapter, ToolInput, ToolResult } from './tool-adapter.js';
import { CLAUDE_ENV } from './tool-env-names.js';

export { CLAUDE_ENV } from './tool-env-names.js';

export interface CliAdapterOptions extends CliToolSettings {
  /** The tool id it registers as (default: the adapter's name). */
  readonly id?: string;
  /** The executable (default: the adapter's name, looked up on PATH). */
  readonly binary?: string;
  readonly minVersion?: string;
}

/**
 * Claude Code's own settings that make it fail fast and stay quiet (docs/tools.md): at most 2 retries of a failed
 * API call (its default of 10 turns a 401 or a refused connection into minutes of waiting), and no non-essential
 * traffic (telemetry, error reports, update checks). The operator's own CLAUDE_CODE_MAX_RETRIES wins.
 */
const CLAUDE_DEFAULTS = { CLAUDE_CODE_MAX_RETRIES: '2', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' } as const;

/** The process environment: the defaults, then the step's environment and the tool's variables, minus UET's own knob. */
function claudeEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  const { UET_CLAUDE_SETTINGS: _settings, ...rest } = env;
  return { ...CLAUDE_DEFAULTS, ...rest };
}

/**
 * Claude Code (`claude`, 2.1.328 or later) in headless print mode (see buildClaudeArgv): the prompt on stdin, the
 * JSON result on stdout, cost from total_cost_usd and tokens from usage or modelUsage, API errors classified by
 * their status, denied tool calls failing the step (parseClaudeResult).
 */
export function createClaudeAdapter(options: CliAdapterOptions = {}): ToolAdapter {
  const binary = options.binary ?? 'claude';
  const id = options.id ?? 'claude';
  return {
    id,
    binary,
    minVersion: options.minVersion ?? '2.1.328',
    envPassThrough: CLAUDE_ENV,
    async run(input: ToolInput): Promise<ToolResult> {
      if (!input.prompt) return missingPrompt(id);
      const settingsFile = input.env.UET_CLAUDE_SETTINGS;
      const call = {
        toolId: id,
        binary,
        args: buildClaudeArgv(input, { ...options, ...(settingsFile ? { settingsFile } : {}) }),
        input: input.prompt.instance.rendered_text,
        installHint: 'install Claude Code 2.1.328 or later (npm install -g @anthropic-ai/claude-code) or fix PATH',
      };
      const r = await runCliTool({ ...input, env: claudeEnv(input.env) }, call);
      const early = processFailure(r, call, input.timeoutMs);
      if (early) return early;
      const parsed = parseClaudeResult(r.stdout, input.worktree);
      const base = {
        exitCode: r.exitCode,
        outputTail: r.outputTail,
        durationMs: r.durationMs,
        ...(parsed.costUsd !== undefined ? { costUsd: parsed.costUsd } : {}),
        ...(parsed.tokens ? { tokens: parsed.tokens } : {}),
      };
      if (parsed.errorClass) return { ...base, errorClass: parsed.errorClass, message: parsed.message ?? 'claude failed' };
      if (r.exitCode !== 0 || !parsed.found) {
        const errorClass = classifyToolMessage(r.outputTail) ?? 'permanent';
        const what = parsed.found ? `claude exited with ${r.exitCode}` : `claude exited with ${r.exitCode} and printed no JSON result`;
        return { ...base, errorClass, message: what };
      }
      return base;
    },
  };
}

export const claudeAdapter = createClaudeAdapter();
