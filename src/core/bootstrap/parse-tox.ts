import { parseIni } from './parse-ini.js';

export interface ToxEnv {
  readonly name: string;
  readonly line: number;
  readonly commands: readonly string[];
}

/** The raw command lines of a section (factor conditions kept), and the line of its `commands` key. */
export interface ToxSection {
  readonly line: number;
  readonly lines: readonly string[];
}

export interface ToxConfig {
  /** The file it was read from (evidence of unwrapped commands); tox.ini when absent. */
  readonly file?: string;
  /** The environments a bare `tox` runs (generative names expanded). */
  readonly envlist: readonly string[];
  /** Commands of [testenv] for an environment without factors. */
  readonly base?: ToxEnv;
  /** Every environment named by a [testenv:...] section (generative names expanded), its commands resolved. */
  readonly envs: ReadonlyMap<string, ToxEnv>;
  /** [testenv] as written, resolved per environment for the environments without a section of their own. */
  readonly baseSection?: ToxSection;
}

/** Splits at commas outside braces: `py{38,39}-lint, docs` → ['py{38,39}-lint', 'docs']. */
function splitTopLevel(text: string, separators: RegExp): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0 && separators.test(c)) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

/** tox's generative names: `py{38,39}-{lint,test}` → py38-lint, py38-test, py39-lint, py39-test; `{8-10}` is a range. */
export function expandToxName(name: string): string[] {
  const m = /\{([^{}]*)\}/.exec(name);
  if (!m) return [name];
  const range = /^(\d+)-(\d+)$/.exec(m[1]!.trim());
  const options = range
    ? Array.from({ length: Math.max(0, Number(range[2]) - Number(range[1]) + 1) }, (_, i) => String(Number(range[1]) + i))
    : m[1]!.split(',').map((o) => o.trim());
  return options.flatMap((o) => expandToxName(name.slice(0, m.index) + o + name.slice(m.index + m[0].length)));
}

/** Replaces tox substitutions: {posargs:default} by its default, {envpython} by python, {envname} by the env. */
function substitute(command: string, env: string): string {
  return command
    .replace(/\{posargs:([^}]*)\}/g, '$1')
    .replace(/\{posargs\}/g, '')
    .replace(/\{envpython\}/g, 'python')
    .replace(/\{env_?name\}/g, env)
    .replace(/\{(toxinidir|tox_root)\}\/?/g, './')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A factor condition (`lint`, `py38,py39`, `!lint`, `py38-lint`, `{py38,py39}-lint`) against an env's factors. */
function conditionHolds(condition: string, factors: ReadonlySet<string>): boolean {
  return splitTopLevel(condition, /,/)
    .flatMap(expandToxName)
    .some((alternative) =>
      alternative.split('-').every((f) => (f.startsWith('!') ? !factors.has(f.slice(1)) : factors.has(f))),
    );
}

const CONDITIONAL = /^([!\w.{},-]+):\s+(.*)$/;

/** The commands of a section for one environment: factor-conditional lines kept when their condition holds. */
function resolve(section: ToxSection, env: string): string[] {
  const factors = new Set(env.split('-'));
  return section.lines.flatMap((raw) => {
    const m = CONDITIONAL.exec(raw);
    const line = m ? (conditionHolds(m[1]!, factors) ? m[2]! : undefined) : raw;
    const command = line === undefined ? '' : substitute(line.replace(/^-\s*/, ''), env);
    return command && !command.startsWith('{[') ? [command] : [];
  });
}

/** Command lines of a `commands` value, a trailing backslash joining a line to the next. */
const linesOf = (value: string | undefined) => (value ?? '').replace(/\\\n\s*/g, ' ').split('\n').map((l) => l.trim()).filter(Boolean);

/** A configuration from its parts: the envlist, [testenv] and the named sections (names expanded). */
export function buildToxConfig(
  envlist: readonly string[],
  baseSection: ToxSection | undefined,
  sections: readonly (readonly [string, ToxSection])[],
  file?: string,
): ToxConfig {
  const envs = new Map<string, ToxEnv>();
  for (const [names, section] of sections)
    for (const env of splitTopLevel(names, /,/).flatMap(expandToxName))
      envs.set(env, { name: env, line: section.line, commands: resolve(section, env) });
  const where = file === undefined ? {} : { file };
  if (!baseSection) return { ...where, envlist, envs };
  return { ...where, envlist, envs, baseSection, base: { name: 'testenv', line: baseSection.line, commands: resolve(baseSection, 'testenv') } };
}

/** Reads the environments of a tox.ini: envlist, [testenv] and [testenv:<names>], generative names expanded. Never throws. */
export function parseTox(text: string, file?: string): ToxConfig {
  const ini = parseIni(text);
  const envlist = splitTopLevel(ini.get('tox')?.get('envlist')?.value ?? '', /[,\n]/).flatMap(expandToxName);
  let baseSection: ToxSection | undefined;
  const sections: [string, ToxSection][] = [];
  for (const [name, entries] of ini) {
    const m = /^testenv(?::(.+))?$/.exec(name);
    if (!m) continue;
    const entry = entries.get('commands');
    const section = { line: entry?.line ?? 1, lines: linesOf(entry?.value) };
    if (m[1] === undefined) baseSection = section;
    else sections.push([m[1], section]);
  }
  return buildToxConfig(envlist, baseSection, sections, file);
}

/** The commands `tox -e <env>` runs: its own section's, or else [testenv]'s resolved for its factors. */
export function toxEnvCommands(config: ToxConfig, env: string): ToxEnv | undefined {
  const own = config.envs.get(env);
  if (own && own.commands.length) return own;
  return config.baseSection ? { name: env, line: config.baseSection.line, commands: resolve(config.baseSection, env) } : own;
}
