import { parseIni } from './parse-ini.js';

export interface ToxEnv {
  readonly name: string;
  readonly line: number;
  readonly commands: readonly string[];
}

export interface ToxConfig {
  /** The environments a bare `tox` runs. */
  readonly envlist: readonly string[];
  /** Commands of [testenv], used by environments without a section of their own. */
  readonly base?: ToxEnv;
  readonly envs: ReadonlyMap<string, ToxEnv>;
}

/** Replaces tox substitutions: {posargs:default} by its default, {envpython} by python, others by nothing useful. */
function substitute(command: string): string {
  return command
    .replace(/\{posargs:([^}]*)\}/g, '$1')
    .replace(/\{posargs\}/g, '')
    .replace(/\{envpython\}/g, 'python')
    .replace(/\{(toxinidir|tox_root)\}\/?/g, './')
    .replace(/\s+/g, ' ')
    .trim();
}

const commandsOf = (value: string | undefined) =>
  (value ?? '')
    .split('\n')
    .map((c) => substitute(c.replace(/^-\s*/, '')))
    .filter((c) => c && !c.startsWith('{['));

/** Reads the environments of a tox.ini: envlist, [testenv] and [testenv:<name>] commands. Never throws. */
export function parseTox(text: string): ToxConfig {
  const ini = parseIni(text);
  const envlist = (ini.get('tox')?.get('envlist')?.value ?? '')
    .split(/[,\n]/)
    .map((e) => e.trim())
    .filter((e) => e && !e.includes('{'));
  const envs = new Map<string, ToxEnv>();
  let base: ToxEnv | undefined;
  for (const [section, entries] of ini) {
    const m = /^testenv(?::(.+))?$/.exec(section);
    if (!m) continue;
    const entry = entries.get('commands');
    const env = { name: m[1] ?? 'testenv', line: entry?.line ?? 1, commands: commandsOf(entry?.value) };
    if (m[1] === undefined) base = env;
    else for (const name of m[1].split(',')) envs.set(name.trim(), { ...env, name: name.trim() });
  }
  return base ? { envlist, base, envs } : { envlist, envs };
}

/** The commands `tox -e <env>` runs. */
export function toxEnvCommands(config: ToxConfig, env: string): ToxEnv | undefined {
  const own = config.envs.get(env);
  if (own && own.commands.length) return own;
  return config.base ? { ...config.base, name: env } : own;
}
