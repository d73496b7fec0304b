import { commandWords, splitWords } from './classify-command.js';
import type { PrecommitHook } from './detect-precommit.js';
import type { Makefile } from './parse-makefile.js';
import type { NoxSession } from './parse-noxfile.js';
import { toxEnvCommands, type ToxConfig } from './parse-tox.js';
import { splitShellCommands } from './split-shell-commands.js';

/** What the wrappers a CI step may call run: read from tox.ini, noxfile.py, the Makefile and pre-commit. */
export interface WrapperContext {
  readonly tox?: ToxConfig;
  readonly nox?: ReadonlyMap<string, NoxSession>;
  readonly make?: Makefile;
  /** Makefiles of subdirectories, by directory (`make -C dir`, `cd dir && make`). */
  readonly subMakefiles?: ReadonlyMap<string, Makefile>;
  readonly precommit?: readonly PrecommitHook[];
}

export interface UnwrappedCommand {
  readonly command: string;
  /** Where the unwrapped command was found (tox.ini, Makefile, ...), when it was unwrapped. */
  readonly from?: { readonly file: string; readonly line: number };
}

/** Options of `uv run` and the like that take a value. */
const VALUE_OPTS = new Set(['--with', '--extra', '--group', '--python', '-p', '--package', '--directory', '--project', '--env-file', '--env', '-e', '--only-group', '--from']);
const RUNNERS = new Set(['uv', 'poetry', 'pipenv', 'pdm', 'rye', 'hatch']);

function afterOptions(words: readonly string[]): string[] {
  let i = 0;
  while (i < words.length && (words[i] ?? '').startsWith('-')) i += VALUE_OPTS.has(words[i] ?? '') ? 2 : 1;
  return words.slice(i);
}

const quote = (w: string) => (/^[\w@%+=:,./*-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`);
const join = (words: readonly string[]) => words.map(quote).join(' ');

/** Values of an option given as `-e a,b`, `-ea` or `--env a`. */
function optionValues(words: readonly string[], short: string, long: readonly string[]): string[] | undefined {
  const values: string[] = [];
  words.forEach((w, i) => {
    if (w === short || long.includes(w)) values.push(...(words[i + 1] ?? '').split(','));
    else if (w.startsWith(short) && w.length > short.length && !w.startsWith('--')) values.push(...w.slice(short.length).split(','));
    else if (long.some((l) => w.startsWith(`${l}=`))) values.push(...w.slice(w.indexOf('=') + 1).split(','));
  });
  return values.length ? values.filter(Boolean) : undefined;
}

type Expansion = { commands: string[]; file: string; line: number }[] | undefined;

function expandTox(words: readonly string[], ctx: WrapperContext): Expansion {
  if (!ctx.tox) return undefined;
  const tox = ctx.tox;
  const envs = optionValues(words, '-e', ['--env']) ?? (tox.envlist.length ? [...tox.envlist] : ['testenv']);
  return envs.flatMap((e) => {
    const env = toxEnvCommands(tox, e);
    return env ? [{ commands: [...env.commands], file: tox.file ?? 'tox.ini', line: env.line }] : [];
  });
}

function expandNox(words: readonly string[], ctx: WrapperContext): Expansion {
  if (!ctx.nox) return undefined;
  const nox = ctx.nox;
  const names = optionValues(words, '-s', ['--session', '--sessions']) ?? [...nox.keys()];
  return names.flatMap((n) => {
    const s = nox.get(n);
    return s ? [{ commands: [...s.commands], file: 'noxfile.py', line: s.line }] : [];
  });
}

/** Options of make that take a value (as a separate word or attached). */
const MAKE_VALUE_OPTS = /^(-[CfIoW]|--(directory|file|makefile|include-dir|old-file|what-if))$/;

/** The directory (`-C`, `--directory`, a `cd dir &&` before it), the makefile (`-f`) and the goals of a make command. */
function makeArgs(words: readonly string[], cdDir: string): { dir: string; file?: string; goals: string[] } {
  const dirs = cdDir ? [cdDir] : [];
  let file: string | undefined;
  const goals: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    const attached = /^(-C|-f|--directory=|--file=|--makefile=)(.+)$/.exec(w);
    const [opt, value] = attached ? [attached[1]!.replace(/=$/, ''), attached[2]!] : MAKE_VALUE_OPTS.test(w) ? [w, words[++i] ?? ''] : [w, undefined];
    if (opt === '-C' || opt === '--directory') dirs.push(value ?? '');
    else if (opt === '-f' || opt === '--file' || opt === '--makefile') file = value;
    else if (value === undefined && !w.startsWith('-') && !w.includes('=') && !/^\d+$/.test(w)) goals.push(w);
  }
  const dir = dirs
    .join('/')
    .split('/')
    .filter((p) => p && p !== '.')
    .join('/');
  return file === undefined ? { dir, goals } : { dir, file, goals };
}

function expandMake(words: readonly string[], ctx: WrapperContext, cdDir: string): Expansion {
  const { dir, file, goals } = makeArgs(words, cdDir);
  if (dir.split('/').includes('..') || (file !== undefined && !/^(GNUmakefile|makefile|Makefile)$/.test(file))) return undefined;
  const make = dir ? ctx.subMakefiles?.get(dir) : ctx.make;
  if (!make) return undefined;
  const where = dir ? `${dir}/Makefile` : 'Makefile';
  const inDir = (c: string) => (dir ? `cd ${dir} && ${c}` : c);
  const targets = goals.length ? goals : make.defaultGoal !== undefined ? [make.defaultGoal] : [];
  const seen = new Set<string>();
  const collect = (name: string): { commands: string[]; file: string; line: number }[] => {
    const t = make.targets.get(name);
    if (!t || seen.has(name)) return [];
    seen.add(name);
    const own = { commands: t.recipe.flatMap((r) => splitShellCommands(r).map((c) => inDir(c.command))), file: where, line: t.line };
    return [...t.prerequisites.flatMap(collect), own];
  };
  const out = targets.flatMap(collect);
  return out.length ? out : undefined;
}

function expandPrecommit(words: readonly string[], ctx: WrapperContext): Expansion {
  if (!ctx.precommit || words[1] !== 'run') return undefined;
  const hookId = words.slice(2).find((w) => !w.startsWith('-'));
  const hooks = ctx.precommit.filter((h) => hookId === undefined || h.id === hookId);
  const known = hooks.filter((h) => !h.command.startsWith('pre-commit '));
  if (!known.length) return undefined;
  return known.map((h) => ({ commands: [h.command], file: '.pre-commit-config.yaml', line: h.line }));
}

/**
 * The commands a wrapper really runs: `tox -e X` becomes the commands of tox env X, `nox -s X` those of the
 * session, `make X` the recipe of X (prerequisites first; `make -C dir X` and `cd dir && make X` those of dir/Makefile,
 * run in dir), `uv run X` (poetry, pipenv, pdm, rye, hatch alike) X,
 * and `pre-commit run [hook]` the check commands of its known hooks. Nested wrappers are unwrapped too, up to a
 * depth of 4. A command that is no wrapper, or whose configuration is missing, comes back unchanged.
 */
export function unwrapCommand(command: string, ctx: WrapperContext, depth = 0): UnwrappedCommand[] {
  const prefix = /^(\s*cd\s+\S+\s*&&\s*)/.exec(command)?.[1] ?? '';
  const words = commandWords(command);
  const raw = splitWords(command.slice(prefix.length));
  const [exe] = words;
  if (depth >= 4 || exe === undefined) return [{ command }];
  if (RUNNERS.has(raw[0] ?? '') && raw[1] === 'run') {
    const rest = afterOptions(raw.slice(2));
    if (!rest.length) return [{ command }];
    return unwrapCommand(`${prefix}${join(rest)}`, ctx, depth + 1).map((c) =>
      c.from ? c : { command: c.command, from: { file: '<wrapper>', line: 1 } },
    );
  }
  const cdDir = /^\s*cd\s+(\S+)\s*&&/.exec(prefix)?.[1] ?? '';
  const expanders: Record<string, (w: readonly string[], c: WrapperContext, cdDir: string) => Expansion> = {
    tox: expandTox,
    nox: expandNox,
    make: expandMake,
    'pre-commit': expandPrecommit,
  };
  const expansion = expanders[exe]?.(words, ctx, cdDir);
  if (!expansion?.length) return [{ command }];
  return expansion.flatMap(({ commands, file, line }) =>
    commands.flatMap((c) => unwrapCommand(c, ctx, depth + 1).map((u) => (u.from ? u : { command: u.command, from: { file, line } }))),
  );
}
