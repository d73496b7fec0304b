import { createHash } from 'node:crypto';
import { runProcess, type ProcessResult } from './run-process.js';
import type { ToolInput } from './tool-adapter.js';

export interface CliInvocation {
  /** The tool id, for messages. */
  readonly toolId: string;
  readonly binary: string;
  readonly args: readonly string[];
  /** Written to stdin (the prompt, for tools that read it there). */
  readonly input?: string;
  /** What to install when the binary is missing. */
  readonly installHint: string;
}

/** Names of variables whose values never appear in a log: API keys, tokens, secrets, passwords. */
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i;

const shown = (arg: string) =>
  arg.length > 160 || arg.includes('\n')
    ? `<${arg.length} chars>`
    : /^[\w@%+=:,./-]+$/.test(arg)
      ? arg
      : `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * Runs an AI tool's CLI in the step's worktree: the binary with its argv (no shell), the prompt on stdin when the
 * CLI reads it there, stdout kept apart for JSON parsing, and the combined output in the step log with the values
 * of secret variables redacted. The log header shows the argv (long arguments abbreviated) and the prompt's hash.
 */
export async function runCliTool(input: ToolInput, call: CliInvocation): Promise<ProcessResult> {
  const secrets = Object.entries(input.env)
    .filter(([k, v]) => SECRET_NAME.test(k) && v.length >= 8)
    .map(([name, value]) => ({ name, value }));
  const hash = input.prompt
    ? ` (prompt ${input.prompt.instance.prompt_id}, sha256 ${input.prompt.instance.prompt_hash.slice(0, 12)})`
    : '';
  const stdin =
    call.input !== undefined
      ? ` < prompt (${call.input.length} chars, sha256 ${createHash('sha256').update(call.input).digest('hex').slice(0, 12)})`
      : '';
  return runProcess({
    file: call.binary,
    args: call.args,
    ...(call.input !== undefined ? { input: call.input } : {}),
    cwd: input.worktree,
    env: input.env,
    timeoutMs: input.timeoutMs,
    signal: input.signal,
    captureStdoutBytes: 16 * 1024 * 1024,
    captureStderrBytes: 1024 * 1024,
    redact: [...secrets, ...(input.redact ?? [])],
    ...(input.logPath !== undefined
      ? {
          logPath: input.logPath,
          logHeader: `--- uet: step ${input.node.id} attempt ${input.attempt}: ${call.toolId}${hash}\n$ ${[call.binary, ...call.args].map(shown).join(' ')}${stdin}\n`,
        }
      : {}),
  });
}
