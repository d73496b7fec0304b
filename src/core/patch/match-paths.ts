import picomatch from 'picomatch';

const cache = new Map<string, (path: string) => boolean>();

/** Whether `path` matches `glob` (picomatch, dot: true), or equals it (paths with glob characters stay literal). */
export function matchesGlob(glob: string, path: string): boolean {
  if (glob === path) return true;
  let m = cache.get(glob);
  if (!m) {
    try {
      m = picomatch(glob, { dot: true });
    } catch {
      m = (p: string) => p === glob; // not a usable glob: it matches only itself
    }
    cache.set(glob, m);
  }
  return m(path);
}

/** The first glob of `globs` that `path` matches, if any. */
export const firstMatch = (globs: readonly string[], path: string): string | undefined => globs.find((g) => matchesGlob(g, path));
