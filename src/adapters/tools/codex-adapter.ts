import { access, mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CliAdapterOptions } from './claude-adapter.js';
import { classifyToolMessage } from './classify-tool-message.js';
import { buildCodexArgv, type CodexEndpoint } from './codex-argv.js';
import { missingPrompt } from './missing-prompt.js';
import { parseCodexEvents } from './parse-codex-events.js';
import { processFailure } from './process-failure.js';
import { runCliTool } from './run-cli-tool.js';
import type { ToolAdapter, ToolInput, ToolResult } from './tool-adapter.js';
import { CODEX_ENV } from './tool-env-names.js';

export { CODEX_ENV } from './tool-env-names.js';

/** The Azure OpenAI api-version Codex's documentation uses for the Responses API. */
export const AZURE_DEFAULT_API_VERSION = '2025-04-01-preview';

type Env = Readonly<Record<string, string>>;

/** Where the last message goes: beside the step log (`<step>.<attempt>.last-message.txt`), never in the worktree. */
async function lastMessagePath(input: ToolInput): Promise<string> {
  if (input.logPath !== undefined) {
    await mkdir(path.dirname(input.logPath), { recursive: true });
    return input.logPath.replace(/\.log$/, '') + '.last-message.txt';
  }
  return path.join(await mkdtemp(path.join(tmpdir(), 'uet-codex-')), 'last-message.txt');
}

const isHttpUrl = (s: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(s).protocol);
  } catch {
    return false;
  }
};

/** Azure's endpoint (https://<resource>.openai.azure.com) as Codex's base URL: with the /openai path. */
const azureBase = (endpoint: string) => {
  const trimmed = endpoint.replace(/\/+$/, '');
  return /\/openai(\/|$)/.test(new URL(trimmed).pathname) ? trimmed : `${trimmed}/openai`;
};

/** Where Codex keeps `codex login` credentials: $CODEX_HOME/auth.json, else ~/.codex/auth.json. */
const loginFile = (env: Env) =>
  env.CODEX_HOME ? path.join(env.CODEX_HOME, 'auth.json') : env.HOME ? path.join(env.HOME, '.codex', 'auth.json') : undefined;

const exists = (file: string | undefined) =>
  file === undefined ? Promise.resolve(false) : access(file).then(() => true, () => false);

/**
 * The endpoint and the process environment of a Codex step, or why it cannot run (before any request): Azure
 * OpenAI when AZURE_OPENAI_ENDPOINT is set (with AZURE_OPENAI_API_KEY), else OpenAI at OPENAI_BASE_URL (when set)
 * with CODEX_API_KEY, or OPENAI_API_KEY handed over as CODEX_API_KEY (Codex reads only the former), or the
 * credentials `codex login` saved.
 */
export async function resolveCodexSetup(env: Env): Promise<{ endpoint: CodexEndpoint; env: Record<string, string> } | { problem: string }> {
  const { OPENAI_BASE_URL: baseUrl, AZURE_OPENAI_ENDPOINT: azure, ...rest } = env;
  if (azure) {
    if (!isHttpUrl(azure)) return { problem: `AZURE_OPENAI_ENDPOINT is not an http(s) URL: ${JSON.stringify(azure.slice(0, 100))}` };
    if (!env.AZURE_OPENAI_API_KEY) return { problem: 'AZURE_OPENAI_ENDPOINT is set but AZURE_OPENAI_API_KEY is not: codex has no credentials for Azure OpenAI' };
    return {
      endpoint: { baseUrl: azureBase(azure), azure: { apiVersion: env.AZURE_OPENAI_API_VERSION || AZURE_DEFAULT_API_VERSION } },
      env: rest,
    };
  }
  if (baseUrl !== undefined && baseUrl !== '' && !isHttpUrl(baseUrl))
    return { problem: `OPENAI_BASE_URL is not an http(s) URL: ${JSON.stringify(baseUrl.slice(0, 100))}` };
  const key = env.CODEX_API_KEY || env.OPENAI_API_KEY;
  if (!key && !(await exists(loginFile(env))))
    return {
      problem:
        'codex has no credentials: set CODEX_API_KEY or OPENAI_API_KEY (or AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_API_KEY) in the environment of uet, or run `codex login` for this user',
    };
  return { endpoint: baseUrl ? { baseUrl } : {}, env: { ...rest, ...(key ? { CODEX_API_KEY: key } : {}) } };
}

/** Codex's retry chatter in its output: JSONL "Reconnecting… n/m" notices, the websocket fallback and its logs. */
const CHATTER = /"Reconnecting\.\.\.|Falling back from WebSockets|responses_websocket: failed to connect/;
const withoutChatter = (tail: string) =>
  tail
    .split('\n')
    .filter((l) => !CHATTER.test(l))
    .join('\n');

/** Patches Codex refused to apply (its log says "patch rejected: <why>"), e.g. a write outside the worktree. */
const rejectedPatches = (stderr: string) =>
  [...new Set([...stderr.matchAll(/patch rejected: ([^\n]+)/g)].map((m) => m[1]!.trim()))];

/**
 * Codex CLI (`codex exec`, 0.169 or later; see buildCodexArgv): credentials checked before anything runs, the prompt
 * on stdin, JSONL events on stdout, token usage from turn.completed (no USD cost: Codex does not report one), failures
 * classified by the status Codex names, patches it refused reported as policy violations, the last message kept
 * beside the log.
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
      const setup = await resolveCodexSetup(input.env);
      if ('problem' in setup) return { exitCode: 2, errorClass: 'permanent', message: setup.problem, outputTail: '', durationMs: 0 };
      const lastFile = await lastMessagePath(input);
      const call = {
        toolId: id,
        binary,
        args: buildCodexArgv(lastFile, { ...options, allowShell: input.prompt.allowShell, endpoint: setup.endpoint }),
        input: input.prompt.instance.rendered_text,
        installHint: 'install Codex CLI 0.169 or later (npm install -g @openai/codex) or fix PATH',
      };
      const r = await runCliTool({ ...input, env: setup.env }, call);
      const early = processFailure(r, call, input.timeoutMs);
      if (early) return early;
      const parsed = parseCodexEvents(r.stdout);
      const base = {
        exitCode: r.exitCode,
        outputTail: withoutChatter(r.outputTail),
        durationMs: r.durationMs,
        ...(parsed.tokens ? { tokens: parsed.tokens } : {}),
      };
      const detail = parsed.errors.join('; ').slice(0, 500);
      if (parsed.errorClass) return { ...base, errorClass: parsed.errorClass, message: `codex failed: ${detail}` };
      const rejected = rejectedPatches(r.stderr);
      if (rejected.length)
        return { ...base, errorClass: 'policy_violation', message: `codex was refused ${rejected.length} patch${rejected.length > 1 ? 'es' : ''} the step's policy does not allow: ${rejected.join('; ').slice(0, 500)}` };
      if (r.exitCode !== 0)
        return {
          ...base,
          errorClass: classifyToolMessage([...parsed.errors, base.outputTail].join('\n')) ?? 'permanent',
          message: `codex exited with ${r.exitCode}${detail ? `: ${detail}` : ''}`,
        };
      const last = await readFile(lastFile, 'utf8').catch(() => parsed.lastMessage ?? '');
      return { ...base, ...(last.trim() ? { message: last.trim().split('\n')[0]!.slice(0, 200) } : {}) };
    },
  };
}

export const codexAdapter = createCodexAdapter();
