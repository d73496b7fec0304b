import { execFile } from 'node:child_process';

/**
 * Configuration given to every git process UET starts, so that git runs nothing that a repository's config (or a
 * tool that wrote it: the worktree's .git/config is within a step's reach) chose: no fsmonitor, no hooks (commit,
 * checkout, reference-transaction...), no credential helper or askpass, no ext:: transport, no pager, no signing
 * program. Filter, textconv and merge drivers cannot be switched off by name: the repository-local config is
 * restored after repository code ran (guardGitConfig), and the global and system configs are not read at all.
 */
export const GIT_SAFE_ARGS: readonly string[] = [
  '-c', 'core.fsmonitor=false',
  '-c', 'core.hooksPath=/dev/null',
  '-c', 'credential.helper=',
  '-c', 'core.askPass=',
  '-c', 'protocol.ext.allow=never',
  '-c', 'core.pager=cat',
  '-c', 'commit.gpgSign=false',
  '-c', 'tag.gpgSign=false',
];

/** Variables git may need from UET's environment; every other one (API keys, tokens, GIT_SSH_COMMAND...) stays out. */
const PASSED = /^(PATH|HOME|TMPDIR|TEMP|TMP|TZ|SYSTEMROOT|(HTTPS?|ALL|NO)_PROXY|(https?|all|no)_proxy|SSL_CERT_(FILE|DIR)|GIT_SSL_CAINFO|GIT_(AUTHOR|COMMITTER)_(NAME|EMAIL|DATE))$/;

/**
 * The environment of a git process UET starts: only the variables git needs (no credential, no GIT_* redirection or
 * execution hook such as GIT_SSH_COMMAND, GIT_EXTERNAL_DIFF or GIT_CONFIG_PARAMETERS), no global or system config,
 * no prompt, the C locale, then `extra` (the caller's own: a temporary index, an identity, an auth header).
 */
export function cleanGitEnv(parent: NodeJS.ProcessEnv, extra: Readonly<Record<string, string>> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(parent)) if (v !== undefined && PASSED.test(k)) env[k] = v;
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
    ...extra,
    LC_ALL: 'C',
  };
}

export const DUBIOUS_OWNERSHIP = /detected dubious ownership/;

/**
 * `git config <args>` as the user configured git (their global and system config, which UET's own git processes do
 * not read), for values UET carries over explicitly: identity, safe.directory. Reading config runs nothing. Values
 * one per line; empty when unset.
 */
export function readUserConfig(cwd: string, args: readonly string[], parent: NodeJS.ProcessEnv): Promise<string[]> {
  const env: NodeJS.ProcessEnv = { LC_ALL: 'C' };
  for (const k of ['PATH', 'HOME', 'XDG_CONFIG_HOME', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_NOSYSTEM', 'GIT_CONFIG_SYSTEM']) if (parent[k] !== undefined) env[k] = parent[k];
  return new Promise((resolve) => {
    execFile('git', [...GIT_SAFE_ARGS, 'config', '--includes', ...args], { env, cwd }, (error, stdout) =>
      resolve(error ? [] : stdout.split('\n').filter((l) => l !== '')),
    );
  });
}

let trusted: Promise<string[]> | undefined;

/**
 * The user's own safe.directory exceptions (their global and system config), read once, for a repository git finds
 * owned by someone else (a container job, a shared checkout): given back as `-c safe.directory=...`, which git
 * honours, so that reading no global config does not refuse what the user allowed.
 */
export function userSafeDirectories(parent: NodeJS.ProcessEnv): Promise<string[]> {
  trusted ??= readUserConfig('/', ['--get-all', 'safe.directory'], parent);
  return trusted;
}

export const safeDirectoryArgs = (dirs: readonly string[]) => dirs.flatMap((d) => ['-c', `safe.directory=${d}`]);
