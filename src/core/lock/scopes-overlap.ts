import { matchesGlob } from '../patch/match-paths.js';

// Whether two runs may write the same path (ADR 0024). Two sets of globs overlap when some path matches a glob of
// each. Deciding that exactly for every pair of globs is costly; this answer is sound (it never says "apart" for two
// globs that share a path) and exact for the common shapes: literal paths, and globs under different directories.

/** Characters that make a path segment a pattern (picomatch: wildcards, classes, braces, extglobs, negation). */
const META = /[*?[\]{}()!+@\\]/;

/** The literal leading segments of a glob: `src/app/**` -> [src, app]; `**` -> []; a literal path -> all of it. */
function literalSegments(glob: string): { segments: string[]; literal: boolean } {
  const all = glob.split('/').filter((s) => s !== '' && s !== '.');
  const i = all.findIndex((s) => META.test(s));
  return i === -1 ? { segments: all, literal: true } : { segments: all.slice(0, i), literal: false };
}

/** Whether some path may match both globs. Pure. */
export function globsOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  const la = literalSegments(a);
  const lb = literalSegments(b);
  if (la.literal && lb.literal) return la.segments.join('/') === lb.segments.join('/');
  if (la.literal) return matchesGlob(b, la.segments.join('/')) || isPrefix(la.segments, lb.segments);
  if (lb.literal) return matchesGlob(a, lb.segments.join('/')) || isPrefix(lb.segments, la.segments);
  // Two patterns: apart only when their literal directories part ways (src/** and docs/** share nothing).
  return isPrefix(la.segments, lb.segments) || isPrefix(lb.segments, la.segments);
}

/** Whether `p` is a leading part of `q` (segment by segment). */
function isPrefix(p: readonly string[], q: readonly string[]): boolean {
  return p.length <= q.length && p.every((s, i) => s === q[i]);
}

/**
 * Whether two write scopes share a path: a literal path is a file, or a directory holding everything under it (a
 * scope `docs` covers `docs/a.md`). Pure.
 */
export function scopesOverlap(a: readonly string[], b: readonly string[]): boolean {
  return a.some((x) => b.some((y) => globsOverlap(x, y) || globsOverlap(`${x.replace(/\/+$/, '')}/**`, y) || globsOverlap(x, `${y.replace(/\/+$/, '')}/**`)));
}

/** The globs of `a` that share a path with `b`: what to show as the reason two runs conflict. Pure. */
export function overlappingGlobs(a: readonly string[], b: readonly string[]): string[] {
  return a.filter((x) => scopesOverlap([x], b));
}
