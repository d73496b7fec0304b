/**
 * The credential variables UET knows of, in one table: the values of these names in UET's own environment are the
 * secrets it redacts from everything it records or shows, and a patch that contains one is quarantined. The tool
 * environment (src/adapters/tools) keeps every one of them out of processes that do not need them.
 */
export const CREDENTIAL_NAMES: readonly string[] = [
  // AI tools (docs/tools.md): what the adapters pass to their own process only.
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'OPENAI_API_KEY',
  'CODEX_API_KEY',
  'AZURE_OPENAI_API_KEY',
  'GEMINI_API_KEY',
  'GOOGLE_API_KEY',
  'DEEPSEEK_API_KEY',
  'OPENROUTER_API_KEY',
  'MISTRAL_API_KEY',
  'GROQ_API_KEY',
  'XAI_API_KEY',
  'CLAUDE_CODE_CLIENT_KEY_PASSPHRASE',
  // Proxy URLs may carry a user and password (http://user:pass@proxy:8080).
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'ALL_PROXY',
  // GitHub and the Actions runner.
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'INPUT_TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  // The GitHub App (npm start).
  'PRIVATE_KEY',
  'WEBHOOK_SECRET',
  'GITHUB_CLIENT_SECRET',
  // Cloud credentials (Bedrock, Vertex).
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_BEARER_TOKEN_BEDROCK',
  // Registries.
  'NPM_TOKEN',
  'NODE_AUTH_TOKEN',
];

/** Names that say they hold a secret: *_API_KEY, *_TOKEN, *_SECRET*, *_PASSWORD, AWS_*SECRET*, *_PRIVATE_KEY, *_CREDENTIALS. */
const SECRET_SHAPE = /(^|_)(API_KEY|ACCESS_KEY|PRIVATE_KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)($|_)|SECRET/;

/** Whether the variable `name` holds a credential: listed above, or named like one. */
export function isCredentialName(name: string): boolean {
  const upper = name.toUpperCase();
  return CREDENTIAL_NAMES.includes(upper) || SECRET_SHAPE.test(upper);
}
