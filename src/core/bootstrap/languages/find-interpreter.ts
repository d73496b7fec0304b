/**
 * The interpreter named by a shebang line, as Linguist's Shebang.interpreter (lib/linguist/shebang.rb,
 * 7.22.1): '#!/usr/bin/env -S python3 -u' gives 'python3', '#!/usr/bin/python2.7' gives 'python2', and a
 * `sh` script that re-execs itself (`exec tclsh "$0" "$@"`) gives the exec'd program.
 */
export function findInterpreter(sample: string): string | undefined {
  if (!sample.startsWith('#!')) return undefined;
  const eol = sample.indexOf('\n');
  const shebang = eol < 0 ? sample : sample.slice(0, eol);
  const path = /^#![\t-\r ]*[^\t-\r ]+/.exec(shebang);
  if (!path) return undefined;
  let pos = path[0].length;
  let script: string | undefined = path[0].split('/').pop();
  if (script === 'env') {
    // Skip whitespace, then options (-vS, --foo) and VAR=value assignments, then take the program.
    const rest = shebang.slice(pos);
    const skipped =
      /^[\t-\r ]*(?:(?:(?:-[i0uCSv]*|--[^\t-\r ]+)[\t-\r ]+)+|(?:[^\t-\r ]+=[^\t-\r ]+[\t-\r ]+)+)*/.exec(
        rest,
      );
    pos += skipped ? skipped[0].length : 0;
    script = /^[^\t-\r ]+/.exec(shebang.slice(pos))?.[0];
  }
  if (script === undefined) return undefined;
  script = script.replace(/\.\d+$/, '').replace(/^#![\t-\r ]*/, '');
  if (script === 'sh') {
    const firstFive = sample.split(/(?<=\n)/, 5);
    for (const line of firstFive) {
      const m = /exec (\w+)[^\n]+\$0[^\n]+\$@/.exec(line);
      if (m) {
        script = m[1]!;
        break;
      }
    }
  }
  if (script === 'osascript' && /-l[\t-\r ]?/.test(shebang.slice(pos))) return undefined;
  return script.slice(script.lastIndexOf('/') + 1);
}
