/**
 * The variables each AI tool may get from UET's environment (docs/tools.md "Credentials of AI tools"): its own
 * credentials, endpoints and provider switches, and the network settings every tool needs behind a proxy. Each list
 * goes to that tool's process only, never to another tool, a validation or a gate. Names are as the tools document
 * them: Claude Code's environment variables page, Codex's config and auth docs, aider's (litellm's) provider keys.
 */

/** Proxies and extra CA certificates: needed by every tool behind a corporate proxy, and only by the tools. */
export const NETWORK_ENV = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
  'ALL_PROXY',
  'all_proxy',
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
] as const;

/** Claude Code: Anthropic API key or token, subscription OAuth token, endpoint, model, Bedrock, Vertex and Foundry. */
export const CLAUDE_ENV = [
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'ANTHROPIC_BASE_URL',
  'ANTHROPIC_CUSTOM_HEADERS',
  'ANTHROPIC_MODEL',
  'ANTHROPIC_SMALL_FAST_MODEL',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'CLAUDE_CONFIG_DIR',
  'CLAUDE_CODE_CLIENT_CERT',
  'CLAUDE_CODE_CLIENT_KEY',
  'CLAUDE_CODE_CLIENT_KEY_PASSPHRASE',
  // Amazon Bedrock
  'CLAUDE_CODE_USE_BEDROCK',
  'ANTHROPIC_BEDROCK_BASE_URL',
  'AWS_BEARER_TOKEN_BEDROCK',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_ROLE_ARN',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_SESSION_NAME',
  // Google Vertex AI
  'CLAUDE_CODE_USE_VERTEX',
  'ANTHROPIC_VERTEX_PROJECT_ID',
  'ANTHROPIC_VERTEX_BASE_URL',
  'CLOUD_ML_REGION',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'GOOGLE_CLOUD_PROJECT',
  // Microsoft Foundry
  'CLAUDE_CODE_USE_FOUNDRY',
  'ANTHROPIC_FOUNDRY_API_KEY',
  'ANTHROPIC_FOUNDRY_BASE_URL',
  'ANTHROPIC_FOUNDRY_RESOURCE',
  // The operator's knobs: retries (UET sets 2 otherwise), request timeout, a settings file of the runner's own.
  'CLAUDE_CODE_MAX_RETRIES',
  'API_TIMEOUT_MS',
  'UET_CLAUDE_SETTINGS',
  ...NETWORK_ENV,
] as const;

/**
 * Codex CLI: its API key (CODEX_API_KEY, or OPENAI_API_KEY which UET hands over as CODEX_API_KEY), its home (where
 * `codex login` keeps auth.json), the endpoint (OPENAI_BASE_URL, which Codex ignores: UET passes it as config), the
 * organisation and project headers, Azure OpenAI, and its own CA certificate setting.
 */
export const CODEX_ENV = [
  'CODEX_API_KEY',
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'OPENAI_ORGANIZATION',
  'OPENAI_PROJECT',
  'CODEX_HOME',
  'CODEX_CA_CERTIFICATE',
  'AZURE_OPENAI_API_KEY',
  'AZURE_OPENAI_ENDPOINT',
  'AZURE_OPENAI_API_VERSION',
  ...NETWORK_ENV,
] as const;

/** aider (through litellm): the provider keys and endpoints it reads, and its model. */
export const AIDER_ENV = [
  'OPENAI_API_KEY',
  'OPENAI_API_BASE',
  'ANTHROPIC_API_KEY',
  'GEMINI_API_KEY',
  'DEEPSEEK_API_KEY',
  'OPENROUTER_API_KEY',
  'AZURE_API_KEY',
  'AZURE_API_BASE',
  'AZURE_API_VERSION',
  'AIDER_MODEL',
  // The runner's own aider config file (read with --config instead of UET's empty one).
  'UET_AIDER_CONFIG',
  ...NETWORK_ENV,
] as const;
