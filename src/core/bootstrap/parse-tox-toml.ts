import { parse } from 'smol-toml';
import { buildToxConfig, parseTox, type ToxConfig, type ToxSection } from './parse-tox.js';

const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const quote = (w: string) => (/^[\w@%+=:,./*{}-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`);

/**
 * One command of tox's TOML format (an array of arguments) as a command line. A `{replace = "posargs"}` or
 * `{replace = "env"}` argument becomes its default; an argument with another tox substitution
 * (`--basetemp={env_tmp_dir}`) is dropped, since it names a path only tox knows. A command made of a
 * reference (`{replace = "ref"}`) cannot be told and is left out.
 */
function commandLine(args: unknown): string | undefined {
  if (!Array.isArray(args)) return undefined;
  const words: string[] = [];
  for (const arg of args) {
    if (typeof arg === 'string') {
      if (!/\{(?!envname\}|env_name\}|posargs|toxinidir\}|tox_root\}|envpython\})[a-z_]+[^}]*\}/.test(arg)) words.push(quote(arg));
      continue;
    }
    const sub = record(arg);
    if (sub.replace === 'ref') return undefined;
    const fallback = sub.default;
    if (Array.isArray(fallback)) words.push(...fallback.filter((d): d is string => typeof d === 'string').map(quote));
    else if (typeof fallback === 'string' && fallback !== '') words.push(quote(fallback));
  }
  return words.length ? words.join(' ') : undefined;
}

function sectionOf(table: unknown, text: string, header: string): ToxSection {
  const commands = record(table).commands;
  const at = text.split('\n').findIndex((l) => l.trim() === `[${header}]`);
  const lines = (Array.isArray(commands) ? commands : []).flatMap((c) => commandLine(c) ?? []);
  return { line: at + 1 || 1, lines };
}

/**
 * tox's configuration in TOML: tox.toml, or the [tool.tox] table of pyproject.toml (tox 4.21+: `env_list`,
 * `env_run_base`, `env.<name>`), whose `legacy_tox_ini` string holds INI text. Undefined when the file has no
 * tox configuration or is not valid TOML (the pyproject detector reports that).
 */
export function parseToxToml(text: string, file: 'tox.toml' | 'pyproject.toml'): ToxConfig | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text);
  } catch {
    return undefined;
  }
  const prefix = file === 'pyproject.toml' ? 'tool.tox' : '';
  const tox = file === 'pyproject.toml' ? record(record(doc.tool).tox) : doc;
  if (typeof tox.legacy_tox_ini === 'string') return parseTox(tox.legacy_tox_ini, file);
  if (!Object.keys(tox).length) return undefined;
  const name = (key: string) => (prefix ? `${prefix}.${key}` : key);
  const envlist = Array.isArray(tox.env_list) ? tox.env_list.filter((e): e is string => typeof e === 'string') : [];
  const base = tox.env_run_base === undefined ? undefined : sectionOf(tox.env_run_base, text, name('env_run_base'));
  const envs = Object.entries(record(tox.env)).map(([env, table]) => [env, sectionOf(table, text, name(`env.${env}`))] as const);
  return buildToxConfig(envlist, base, envs, file);
}
