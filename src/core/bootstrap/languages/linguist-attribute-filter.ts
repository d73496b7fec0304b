import picomatch from 'picomatch';

/** The text of one attributes file and the directory its patterns are relative to ('' for the root). */
export interface AttributesSource {
  readonly dir: string;
  readonly text: string;
}

export type PathFilter = (path: string) => boolean;

// Git's wildmatch: `*` and `?` stop at '/', `**` crosses it, dot files match, POSIX classes; no braces or
// extglobs (literal in git).
const OPTIONS = { dot: true, nobrace: true, noextglob: true, posix: true } as const;

const ancestorsAndSelf = (path: string): string[] => {
  const out = [path];
  for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
    out.push(path.slice(0, slash));
  }
  return out;
};

/** One pattern of a `.gitattributes` line in `dir`, as a generous test (see buildLinguistPathFilter). */
function compileLine(dir: string, rawPattern: string): PathFilter {
  const pattern = rawPattern.replace(/\/+$/, '');
  const prefix = dir ? `${dir}/` : '';
  if (pattern.includes('/')) {
    // Anchored to the file's directory. A match on a parent directory counts too (git would not apply
    // it to the files inside, but a superset is all that is needed).
    const isMatch = picomatch(prefix + pattern.replace(/^\//, ''), OPTIONS);
    return (path) => ancestorsAndSelf(path).some((p) => isMatch(p));
  }
  // No slash: the pattern is matched against the name, at any depth below the file's directory.
  const isMatch = picomatch(pattern, OPTIONS);
  return (path) =>
    path.startsWith(prefix) &&
    path
      .slice(prefix.length)
      .split('/')
      .some((name) => isMatch(name));
}

/**
 * A test that is true for every path a line setting a `linguist-*` attribute could apply to, so that
 * `git check-attr` (which decides) is asked only about those paths. It errs on the generous side. It
 * returns undefined, meaning every path must be asked about, when it cannot tell: a macro (`[attr]`)
 * that sets a linguist attribute, or a pattern that is quoted, escaped or negated.
 */
export function buildLinguistPathFilter(sources: readonly AttributesSource[]): PathFilter | undefined {
  const tests: PathFilter[] = [];
  for (const { dir, text } of sources) {
    for (const rawLine of text.split('\n')) {
      const line = rawLine.trim();
      if (line === '' || line.startsWith('#') || !line.includes('linguist')) continue;
      if (/^["!]|^\[attr\]/.test(line)) return undefined;
      const pattern = line.split(/[ \t]+/, 1)[0]!;
      if (pattern.includes('\\')) return undefined;
      tests.push(compileLine(dir, pattern));
    }
  }
  return (path) => tests.some((test) => test(path));
}
