export interface ShellCommand {
  readonly command: string;
  /** 0-based index of the script line the command starts on. */
  readonly lineIndex: number;
}

/** Lines that are shell syntax or housekeeping rather than a tool being run. */
const SKIP = /^(if|then|else|elif|fi|for|do|done|while|until|case|esac|function|\{|\}|\(|\)|set|export|cd|echo|printf|source|\.|:|true|false|exit|return|shift|local|declare|readonly|unset|mkdir|rm|cp|mv|ls|cat|pwd|sleep|trap|pushd|popd)(\s|$|;)/;

/** Splits a line on `&&`, `||` and `;` outside quotes. */
function splitLine(line: string): string[] {
  const parts: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\') i++;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) {
      parts.push(line.slice(start, i));
      return parts;
    } else if (ch === ';' || ((ch === '&' || ch === '|') && line[i + 1] === ch)) {
      parts.push(line.slice(start, i));
      if (ch !== ';') i++;
      start = i + 1;
    }
  }
  parts.push(line.slice(start));
  return parts;
}

/**
 * The commands of a shell script (a CI `run:` block, a Makefile recipe line): continuation lines joined, comments
 * dropped, lists split on `&&`, `||` and `;`, and shell syntax and housekeeping (cd, echo, export, if/for, ...)
 * left out, so that what remains are the tools the script runs.
 */
export function splitShellCommands(script: string): ShellCommand[] {
  const out: ShellCommand[] = [];
  const lines = script.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i] ?? '';
    while (/\\\s*$/.test(line) && i + 1 < lines.length) line = `${line.replace(/\\\s*$/, '')} ${(lines[++i] ?? '').trim()}`;
    for (const part of splitLine(line)) {
      const command = part.trim().replace(/\s+/g, ' ').replace(/^(do|then|else|time)\s+/, '');
      if (!command || SKIP.test(command) || /^[A-Za-z_][A-Za-z0-9_]*=\S*$/.test(command)) continue;
      out.push({ command, lineIndex: start });
    }
  }
  return out;
}
