import { splitWords } from './classify-command.js';
import { splitShellCommands } from './split-shell-commands.js';

/** What a command may use: executables on PATH, files of the repository, tools it configures, scripts and targets. */
export interface CommandEnvironment {
  readonly executables: ReadonlySet<string>;
  readonly repoFiles: ReadonlySet<string>;
  /** Tools configured in the repository (discovery tool ids and the executables of their commands). */
  readonly knownTools: ReadonlySet<string>;
  readonly scripts: ReadonlySet<string>;
  readonly makeTargets: ReadonlySet<string>;
}

const BUILTINS = new Set(['test', '[', '[[', 'true', 'false', 'for', 'if', 'while', 'until', 'case', 'echo', 'printf', 'cd', 'exit', ':', 'set', 'export', 'source', '.', '{', '}', '(', ')', '!', 'do', 'done', 'then', 'fi', 'else', 'read', 'eval', 'exec', 'command', 'type', 'wait']);
const STDLIB = new Set(['unittest', 'doctest', 'compileall', 'py_compile', 'pip', 'venv', 'json.tool', 'http.server', 'zipapp', 'ensurepip']);
const RUNNERS = new Set(['uv', 'poetry', 'pipenv', 'pdm', 'rye', 'hatch']);
const NODE_PMS = new Set(['npm', 'pnpm', 'yarn', 'bun']);

function missingIn(words: readonly string[], env: CommandEnvironment, depth: number): string | undefined {
  const [exe, sub = '', third = ''] = words;
  if (exe === undefined || BUILTINS.has(exe) || depth > 3) return undefined;
  const known = (x: string) => env.executables.has(x) || env.knownTools.has(x);
  if (exe.includes('/')) return env.repoFiles.has(exe.replace(/^\.\//, '')) || exe.startsWith('/') && env.executables.has(exe.slice(exe.lastIndexOf('/') + 1)) ? undefined : exe;
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(exe)) return missingIn(words.slice(1), env, depth);
  if (NODE_PMS.has(exe)) {
    if (!env.executables.has(exe)) return exe;
    const script = sub === 'run' || sub === 'run-script' ? third : sub;
    if (['install', 'ci', 'exec', 'dlx', 'x', 'i', 'add'].includes(script)) return undefined;
    return script === '' || env.scripts.has(script) ? undefined : `${exe} ${sub === 'run' ? 'run ' : ''}${script} (no such script in package.json)`;
  }
  if (exe === 'npx' || exe === 'bunx') {
    const tool = words.slice(1).find((w) => !w.startsWith('-'));
    if (!env.executables.has(exe)) return exe;
    return tool === undefined || known(tool) ? undefined : `${exe} ${tool} (not a dependency of the project)`;
  }
  if (/^python[\d.]*$/.test(exe) && sub === '-m') {
    if (!env.executables.has(exe) && !env.executables.has('python3')) return exe;
    return STDLIB.has(third) || known(third) ? undefined : `${exe} -m ${third}`;
  }
  if (RUNNERS.has(exe) && sub === 'run') {
    if (!known(exe)) return exe;
    return missingIn(words.slice(2).filter((w, i) => i > 0 || !w.startsWith('-')), env, depth + 1);
  }
  if (exe === 'make') {
    if (!env.executables.has('make')) return 'make';
    const target = words.slice(1).find((w) => !w.startsWith('-') && !w.includes('='));
    return target === undefined || env.makeTargets.has(target) ? undefined : `make ${target} (no such target in the Makefile)`;
  }
  return known(exe) ? undefined : exe;
}

/**
 * The first thing a gate command needs that is not there, or undefined when everything is: each command of a
 * list (a && b; c) must start with a shell builtin, an executable on PATH, a file of the repository, a tool the
 * repository configures, or a known invocation (`npm run <script>`, `npx <dependency>`, `python -m <module>`,
 * `uv run <tool>`, `make <target>`). Pure.
 */
export function findMissingExecutable(command: string, env: CommandEnvironment): string | undefined {
  for (const part of splitShellCommands(command)) {
    const missing = missingIn(splitWords(part.command), env, 0);
    if (missing !== undefined) return missing;
  }
  return undefined;
}
