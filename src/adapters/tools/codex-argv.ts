import type { CliToolSettings } from './claude-argv.js';

/** Where Codex sends its requests: a model provider that UET defines on the command line (see codexProvider). */
export interface CodexEndpoint {
  /** OPENAI_BASE_URL, or the Azure OpenAI endpoint with /openai. Absent: Codex's default for its auth mode. */
  readonly baseUrl?: string;
  /** Azure OpenAI: the key variable and the api-version query parameter. */
  readonly azure?: { readonly apiVersion: string };
}

export interface CodexSettings extends CliToolSettings {
  /** Whether the step's policy allows shell commands (patch_only false). */
  readonly allowShell?: boolean;
  readonly endpoint?: CodexEndpoint;
}

/** A TOML basic string (JSON's escapes are TOML's for the characters JSON.stringify produces). */
const toml = (s: string) => JSON.stringify(s);

/**
 * The model provider UET defines for a step (`-c model_providers.uet={…}`), because Codex 0.169 lets nothing
 * override its built-in `openai` provider and ignores OPENAI_BASE_URL: the endpoint, the Responses API, Codex's own
 * OpenAI auth (CODEX_API_KEY, or `codex login`'s auth.json) or the Azure key, and fail-fast transport: one retry of
 * a failed request or a dropped stream, and no websocket attempt (Codex otherwise tries a websocket five times, then
 * falls back to HTTP with five more retries).
 */
export function codexProvider(endpoint: CodexEndpoint = {}): string {
  const fields = [
    `name = ${toml(endpoint.azure ? 'Azure OpenAI' : 'OpenAI')}`,
    ...(endpoint.baseUrl !== undefined ? [`base_url = ${toml(endpoint.baseUrl)}`] : []),
    'wire_api = "responses"',
    ...(endpoint.azure
      ? ['env_key = "AZURE_OPENAI_API_KEY"', `query_params = { "api-version" = ${toml(endpoint.azure.apiVersion)} }`]
      : [
          'requires_openai_auth = true',
          'env_http_headers = { "OpenAI-Organization" = "OPENAI_ORGANIZATION", "OpenAI-Project" = "OPENAI_PROJECT" }',
        ]),
    'request_max_retries = 1',
    'stream_max_retries = 1',
    'supports_websockets = false',
  ];
  return `model_providers.uet={ ${fields.join(', ')} }`;
}

/**
 * The argv of `codex` for one attempt (checked against Codex CLI 0.169.0's `exec --help` and behaviour):
 * non-interactive exec with JSONL events on stdout and the prompt on stdin (`-`); the workspace-write sandbox and
 * approvals off (`approval_policy="never"`: exec has no --ask-for-approval flag); no session files; UET's model
 * provider (codexProvider) and no endless reconnection (`--disable unbounded_connection_retries`: Codex otherwise
 * waits for the network until killed); no execpolicy `.rules` files (`--ignore-rules`: the checkout's could allow
 * commands). When the policy allows no shell commands, Codex's command tools are turned off (`shell_tool`,
 * `unified_exec`: only apply_patch is left) and /tmp and $TMPDIR are not writable either, so that its edits stay in
 * the worktree. The last message goes to `lastMessageFile` (outside the worktree).
 */
export function buildCodexArgv(lastMessageFile: string, settings: CodexSettings = {}): string[] {
  return [
    'exec',
    '--json',
    '--sandbox',
    'workspace-write',
    '-c',
    'approval_policy="never"',
    '--ephemeral',
    '--ignore-rules',
    '--color',
    'never',
    '-c',
    'model_provider="uet"',
    '-c',
    codexProvider(settings.endpoint),
    '--disable',
    'unbounded_connection_retries',
    ...(settings.allowShell
      ? []
      : [
          '--disable',
          'shell_tool',
          '--disable',
          'unified_exec',
          '-c',
          'sandbox_workspace_write.exclude_slash_tmp=true',
          '-c',
          'sandbox_workspace_write.exclude_tmpdir_env_var=true',
        ]),
    '--output-last-message',
    lastMessageFile,
    ...(settings.model !== undefined ? ['--model', settings.model] : []),
    '-',
  ];
}
