/** The option names a --help text declares (`-p, --print`, `--allowedTools, --allowed-tools <tools...>`). */
export function declaredOptions(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^\s{2,6}((?:-\w, )?--[\w-]+(?:, --[\w-]+)?)/.exec(line);
    if (m) for (const n of m[1]!.split(', ')) names.add(n);
  }
  return names;
}

/** The options in an argv: every element that starts with '-' (except '-' itself), without an `=value`. */
export const optionsIn = (argv: readonly string[]) =>
  argv.filter((a) => a.startsWith('-') && a !== '-').map((a) => a.split('=')[0]!);
