/** A `/uet` command, parsed from the first line of a comment. */
export type UetCommand =
  | { name: 'run'; bundlePath?: string; skipWorkstreams: string[]; maxParallel?: number; head?: string }
  /**
   * `/uet approve <sha>`: the result of a fork run (ADR 0017). `/uet approve [<run_id>]`: a run that waits for
   * approval (ADR 0026). A sha is 40 hex digits, a run id 26 Crockford letters: the two never read alike.
   */
  | { name: 'approve'; sha: string }
  | { name: 'approve-run'; runId?: string }
  | { name: 'plan'; bundlePath?: string }
  | { name: 'status' }
  | { name: 'cancel' }
  /** `/uet unlock <run_id>`: break a run's lock; `/uet unlock --reset <branch>`: reset a branch's lock table (ADR 0024). */
  | { name: 'unlock'; runId: string }
  | { name: 'unlock-reset'; base: string }
  | { name: 'retry'; stepId?: string }
  | { name: 'bootstrap'; profile?: string }
  /** `/uet fix [--tool <id>] [--head <sha>] <instructions>`: the instructions are every line after the flags. */
  | { name: 'fix'; instructions: string; tool?: string; head?: string }
  | { name: 'help' };

export type ParsedCommand =
  /** The comment is not addressed to UET: ignore it. */
  | { kind: 'none' }
  | { kind: 'command'; command: UetCommand }
  /** Addressed to UET but wrong: answer with the message (and the help). */
  | { kind: 'invalid'; message: string };

export const COMMAND_NAMES = [
  'run',
  'plan',
  'status',
  'cancel',
  'unlock',
  'retry',
  'approve',
  'bootstrap',
  'fix',
  'help',
] as const;
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** A full commit sha: a prefix could be matched by a commit made to collide with it. */
const SHA = /^[0-9a-f]{40}$/i;
/** A run id (a ULID). */
const RUN_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/i;
/** A branch name git accepts (no `..`, `//`, `@{`, leading `/` or `-`, trailing `/` or `.lock`). */
const BRANCH = /^(?![/-])(?!.*\.\.)(?!.*\/\/)(?!.*@\{)(?!.*\.lock$)(?!.*\/$)[A-Za-z0-9._\-/]{1,200}$/;
const PATH = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._\-/]+$/;

/**
 * Parses `/uet <command> [args]` from a comment's first line. Pure. Arguments are ids, paths and numbers only:
 * anything else is refused, so user text never travels further than this parser.
 */
export function parseCommand(body: string): ParsedCommand {
  const first = body
    .replace(/^\ufeff/, '')
    .split(/\r?\n/, 1)[0]!
    .trim();
  const words = first.split(/\s+/);
  if (words[0]?.toLowerCase() !== '/uet') return { kind: 'none' };
  const [name = 'help', ...args] = words.slice(1);
  const bad = (message: string): ParsedCommand => ({ kind: 'invalid', message });
  const noArgs = (command: UetCommand): ParsedCommand =>
    args.length
      ? bad(`\`/uet ${name}\` takes no arguments (got \`${args.join(' ')}\`)`)
      : { kind: 'command', command };
  switch (name.toLowerCase()) {
    case 'help':
      return { kind: 'command', command: { name: 'help' } };
    case 'status':
      return noArgs({ name: 'status' });
    case 'cancel':
      return noArgs({ name: 'cancel' });
    case 'unlock':
      if (args.length === 1 && RUN_ID.test(args[0]!)) return { kind: 'command', command: { name: 'unlock', runId: args[0]!.toUpperCase() } };
      if (args.length === 2 && args[0] === '--reset' && BRANCH.test(args[1]!)) return { kind: 'command', command: { name: 'unlock-reset', base: args[1]! } };
      return bad('`/uet unlock <run id>` breaks the lock of that run (and cancels it if it still runs); `/uet unlock --reset <branch>` empties the lock table of a branch');
    case 'approve':
      if (args.length === 0) return { kind: 'command', command: { name: 'approve-run' } };
      if (args.length === 1 && SHA.test(args[0]!)) return { kind: 'command', command: { name: 'approve', sha: args[0]!.toLowerCase() } };
      if (args.length === 1 && RUN_ID.test(args[0]!))
        return { kind: 'command', command: { name: 'approve-run', runId: args[0]!.toUpperCase() } };
      return bad(
        '`/uet approve` alone approves the run waiting here; `/uet approve <run id>` names one of several; `/uet approve <sha>` takes the full 40-character sha of a fork run\'s result you reviewed',
      );
    case 'retry': {
      if (args.length > 1) return bad('`/uet retry` takes at most one step id');
      if (args[0] !== undefined && !ID.test(args[0]))
        return bad(`\`${args[0].slice(0, 64)}\` is not a step id`);
      return {
        kind: 'command',
        command: { name: 'retry', ...(args[0] !== undefined ? { stepId: args[0] } : {}) },
      };
    }
    case 'plan': {
      if (args.length > 1) return bad('`/uet plan` takes at most one bundle path');
      if (args[0] !== undefined && !PATH.test(args[0]))
        return bad(`\`${args[0].slice(0, 64)}\` is not a repository path`);
      return {
        kind: 'command',
        command: { name: 'plan', ...(args[0] !== undefined ? { bundlePath: args[0] } : {}) },
      };
    }
    case 'run':
      return parseRun(args);
    case 'bootstrap':
      return parseBootstrap(args);
    case 'fix':
      return parseFix(body);
    default:
      return bad(`unknown command \`${name.slice(0, 32)}\``);
  }
}

/**
 * `/uet fix [--tool <id>] [--head <sha>] <instructions>`: the flags come first, on the first line; the
 * instructions are the rest of the comment, every line of it, as written (they reach the tool only through the
 * run's ledger, never a workflow). Empty instructions are allowed: the review threads are then the request.
 */
export function parseFix(body: string): ParsedCommand {
  const text = body.replace(/^\ufeff/, '').replace(/^\s*\/uet\s+fix\b[ \t]*/i, '');
  let rest = text;
  let tool: string | undefined;
  let head: string | undefined;
  for (;;) {
    const m = /^(--tool|--head)(?:=|[ \t]+)(\S*)[ \t]*/.exec(rest);
    if (!m) break;
    const [, flag, value = ''] = m;
    if (flag === '--tool') {
      if (!ID.test(value)) return { kind: 'invalid', message: '`--tool` needs a tool id, such as `claude` or `codex`' };
      tool = value;
    } else {
      if (!SHA.test(value))
        return { kind: 'invalid', message: '`--head` needs the full 40-character sha of the commit you reviewed' };
      head = value.toLowerCase();
    }
    rest = rest.slice(m[0].length);
  }
  if (/^--\S/.test(rest))
    return { kind: 'invalid', message: `unknown option \`${rest.split(/\s/, 1)[0]!.slice(0, 32)}\` (known: --tool, --head)` };
  return {
    kind: 'command',
    command: {
      name: 'fix',
      instructions: rest.replace(/\r\n/g, '\n').trim(),
      ...(tool !== undefined ? { tool } : {}),
      ...(head !== undefined ? { head } : {}),
    },
  };
}

/**
 * A request in plain words: a comment whose first word is one of `phrases` (the app's `@<slug>` mention, or the
 * configured trigger_phrase), case-insensitively. Returns the text after it (every line), or undefined.
 */
export function parseRequest(body: string, phrases: readonly string[]): string | undefined {
  const text = body.replace(/^\ufeff/, '').replace(/^\s+/, '');
  const word = /^\S+/.exec(text)?.[0]?.toLowerCase();
  if (word === undefined || !phrases.some((p) => p.toLowerCase() === word.replace(/[,:]$/, ''))) return undefined;
  return text.slice(word.length).replace(/^[ \t]*[,:]?/, '').replace(/\r\n/g, '\n').trim();
}

/** `/uet bootstrap [--profile <id>]` (the onboarding PR, on demand: src/app/onboarding/bootstrap-command.ts). */
function parseBootstrap(args: string[]): ParsedCommand {
  if (args.length === 0) return { kind: 'command', command: { name: 'bootstrap' } };
  const joined = args[0]!.startsWith('--profile=');
  const [flag, inline] = joined ? ['--profile', args[0]!.slice('--profile='.length)] : [args[0], args[1]];
  const used = joined ? 1 : 2;
  if (flag !== '--profile' || inline === undefined || !ID.test(inline) || args.length > used)
    return { kind: 'invalid', message: '`/uet bootstrap` takes at most `--profile <id>`' };
  return { kind: 'command', command: { name: 'bootstrap', profile: inline } };
}

function parseRun(args: string[]): ParsedCommand {
  const skip: string[] = [];
  let bundlePath: string | undefined;
  let maxParallel: number | undefined;
  let head: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    const value = () => inline ?? args[++i];
    if (flag === '--skip-workstream') {
      const ws = value();
      if (ws === undefined || !ID.test(ws))
        return { kind: 'invalid', message: '`--skip-workstream` needs a workstream id' };
      skip.push(ws);
    } else if (flag === '--head') {
      const v = value();
      if (v === undefined || !SHA.test(v))
        return {
          kind: 'invalid',
          message: '`--head` needs the full 40-character sha of the commit you reviewed',
        };
      head = v.toLowerCase();
    } else if (flag === '--max-parallel') {
      const v = value();
      const n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n < 1 || n > 100)
        return { kind: 'invalid', message: '`--max-parallel` needs a whole number from 1 to 100' };
      maxParallel = n;
    } else if (a.startsWith('-')) {
      return {
        kind: 'invalid',
        message: `unknown option \`${a.slice(0, 32)}\` (known: --skip-workstream, --max-parallel, --head)`,
      };
    } else if (bundlePath === undefined) {
      if (!PATH.test(a))
        return { kind: 'invalid', message: `\`${a.slice(0, 64)}\` is not a repository path` };
      bundlePath = a;
    } else
      return {
        kind: 'invalid',
        message: `unexpected argument \`${a.slice(0, 64)}\` (one bundle path at most)`,
      };
  }
  return {
    kind: 'command',
    command: {
      name: 'run',
      ...(bundlePath !== undefined ? { bundlePath } : {}),
      skipWorkstreams: skip,
      ...(maxParallel !== undefined ? { maxParallel } : {}),
      ...(head !== undefined ? { head } : {}),
    },
  };
}
