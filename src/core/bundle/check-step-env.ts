import { isCredentialName } from '../secrets/credential-names.js';

/*
 * The allow-list of a step's `context.env` (issue 14 item 3; docs/tools.md "Environment"). Pure: buildPlan reports
 * a refused name as bad input with its JSON pointer, and the executors refuse it again before any process starts.
 */

/**
 * What a step's `context.env` may set (docs/tools.md "Environment"). A bundle comes from a repository or an issue,
 * and its variables reach the AI tool's process, which holds an API key: a name that can redirect the key (an
 * endpoint, a proxy, a CA bundle), load code into the tool (a loader or interpreter option), steer git, or change
 * where the tool finds programs and its configuration is refused. The names allowed are plain names (letters,
 * digits, `_`, not starting with a digit) in none of the families below; names are compared without case, as many
 * tools read `https_proxy` as well as `HTTPS_PROXY`. Every variable an AI tool takes from UET's environment
 * (src/adapters/tools/tool-env-names.ts) falls in one of them: a test checks it.
 */
const FAMILIES: readonly { readonly what: string; readonly test: (name: string) => boolean }[] = [
  { what: 'set by UET', test: (n) => n.startsWith('UET_') },
  {
    what: 'where programs, their home and their configuration are found',
    test: (n) =>
      /^(PATH|HOME|USER|LOGNAME|SHELL|PWD|OLDPWD|TMPDIR|CDPATH|IFS|ENV|BASH_ENV|PS4|PROMPT_COMMAND|SHELLOPTS|BASHOPTS|GLOBIGNORE|EDITOR|VISUAL|PAGER|BROWSER|LESSOPEN|LESSCLOSE|MANPAGER|TERMINFO|HOSTALIASES|LOCALDOMAIN|RES_OPTIONS)$/.test(n) ||
      /^(XDG_|BASH_FUNC_)/.test(n),
  },
  {
    what: 'a loader or interpreter option (it runs code inside the tool)',
    test: (n) =>
      (/^(LD_|DYLD_|BUN_|DENO_|PYTHON|PERL|RUBY|JAVA_|_JAVA_|JDK_|GEM_|BUNDLE_|NPM_CONFIG_|YARN_|PNPM_|COREPACK_|NODE_)/.test(n) &&
        !/^(NODE_ENV|PYTHONUNBUFFERED|PYTHONDONTWRITEBYTECODE|PYTHONHASHSEED|PYTHONIOENCODING|PYTHONUTF8)$/.test(n)) ||
      /^(CLASSPATH|GCONV_PATH|MALLOC_CONF|GOFLAGS|RUSTC_WRAPPER|RUSTC|CARGO_BUILD_RUSTC_WRAPPER)$/.test(n),
  },
  {
    what: 'a proxy or TLS setting (it can send the key elsewhere)',
    test: (n) => n.includes('PROXY') || /^(SSL_|SSLKEYLOGFILE|CURL_CA_BUNDLE|REQUESTS_CA_BUNDLE)/.test(n),
  },
  { what: 'read by git', test: (n) => /^(GIT_|SSH_|GNUPGHOME|GPG_)/.test(n) },
  {
    what: "an AI tool's credential, endpoint or setting",
    test: (n) =>
      /^(ANTHROPIC_|CLAUDE_|OPENAI_|CODEX_|AZURE_|AWS_|GOOGLE_|GCLOUD_|CLOUDSDK_|CLOUD_ML_|VERTEX_|AIDER_|GEMINI_|DEEPSEEK_|OPENROUTER_|LITELLM_|OLLAMA_|MISTRAL_|GROQ_|COHERE_|XAI_|HF_|HUGGINGFACE_|MCP_|DISABLE_|API_TIMEOUT)/.test(n),
  },
  {
    what: 'a credential of the CI or a registry',
    test: (n) => /^(GITHUB_|GH_|ACTIONS_|RUNNER_|INPUT_|DOCKER_|KUBECONFIG|NETRC|NPM_TOKEN|NODE_AUTH_TOKEN|PIP_|UV_|TWINE_)/.test(n),
  },
  {
    what: 'a secret (its name says so)',
    test: (n) =>
      isCredentialName(n) ||
      /(^|_)(KEY|KEYS|TOKEN|TOKENS|SECRET|SECRETS|PASSWORD|PASSWD|PASS|PASSPHRASE|CREDENTIALS?|AUTH|COOKIE|SESSION)($|_)/.test(n) ||
      /TOKEN|SECRET|PASSWORD|CREDENTIAL/.test(n),
  },
  { what: 'an endpoint (it can send data elsewhere)', test: (n) => /(^|_)(URL|URI|URLS|ENDPOINT|ENDPOINTS|HOST|HOSTS|BASE)$/.test(n) },
];

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface RefusedEnvName {
  readonly name: string;
  readonly reason: string;
}

/** The names of a step's `context.env` that UET refuses, each with why (empty when every name is allowed). Pure. */
export function checkStepEnv(env: Readonly<Record<string, string>> | undefined): RefusedEnvName[] {
  const refused: RefusedEnvName[] = [];
  for (const name of Object.keys(env ?? {})) {
    if (!NAME.test(name)) {
      refused.push({ name, reason: 'not a plain variable name (letters, digits and _, not starting with a digit)' });
      continue;
    }
    const family = FAMILIES.find((f) => f.test(name.toUpperCase()));
    if (family) refused.push({ name, reason: family.what });
  }
  return refused;
}

