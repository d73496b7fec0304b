export interface NoxSession {
  readonly name: string;
  /** 1-based line of the session function. */
  readonly line: number;
  /** The commands of its session.run(...) calls, from their string arguments. */
  readonly commands: readonly string[];
}

/** The string literals among the arguments of a call, up to its closing parenthesis. */
function callArguments(text: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) break;
      if (depth === 1) args.push(text.slice(i + 1, end));
      i = end;
    } else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') {
      depth--;
      if (depth === 0) break;
    } else if (ch === '=' && depth === 1) {
      // A keyword argument: its value is not part of the command.
      const next = text.slice(i + 1).search(/[,)]/);
      if (next < 0) break;
      i += next;
    }
  }
  return args;
}

const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);

/**
 * Finds the sessions of a noxfile.py (functions decorated with @nox.session, named by name= or the function) and
 * the commands their session.run calls run. A regular-expression reading, not a Python parser. Never throws.
 */
export function parseNoxfile(text: string): ReadonlyMap<string, NoxSession> {
  const sessions = new Map<string, NoxSession>();
  const decorator = /@nox\.session\b([^\n]*(?:\n(?!\s*def\b)[^\n]*)*)\n\s*def\s+(\w+)\s*\(/g;
  const matches = [...text.matchAll(decorator)];
  matches.forEach((m, k) => {
    const bodyStart = (m.index ?? 0) + m[0].length;
    const bodyEnd = matches[k + 1]?.index ?? text.length;
    const body = text.slice(bodyStart, bodyEnd);
    const named = /name\s*=\s*["']([^"']+)["']/.exec(m[1] ?? '');
    const name = named?.[1] ?? m[2] ?? '';
    const commands: string[] = [];
    for (const run of body.matchAll(/session\.run\s*\(/g)) {
      const args = callArguments(body, (run.index ?? 0) + run[0].length - 1);
      if (args.length) commands.push(args.map(quote).join(' '));
    }
    const line = text.slice(0, bodyStart).split('\n').length;
    sessions.set(name, { name, line, commands });
  });
  return sessions;
}
