import type { PathPatterns } from './linguist-index-data.js';

/**
 * A matcher for a split union of path regexes (vendor.yml, documentation.yml): true when the anchored part
 * matches at the start, a segment pattern at the start of some path segment, or the free part anywhere.
 * Same result as Linguist's single Ruby union; at each segment start only the patterns that can begin
 * with its first character are tried (one sticky regex per character, compiled on first use).
 */
export function compilePathPatterns(patterns: PathPatterns): (path: string) => boolean {
  const anchored = new RegExp(patterns.anchored);
  // An empty part is '(?!)', which never matches but would still be tried at every position of every path.
  const free = patterns.free === '(?!)' ? undefined : new RegExp(patterns.free);
  const byChar = new Map<number, RegExp | null>();
  const segmentFor = (code: number): RegExp | null => {
    let re = byChar.get(code);
    if (re !== undefined) return re;
    const ch = String.fromCharCode(code);
    const sources = patterns.segment.filter((_, i) => {
      const first = patterns.segmentFirst[i]!;
      return first === '' || first.includes(ch);
    });
    re = sources.length ? new RegExp(sources.map((s) => `(?:${s})`).join('|'), 'y') : null;
    byChar.set(code, re);
    return re;
  };
  return (path) => {
    if (anchored.test(path) || free?.test(path)) return true;
    for (let start = 0; start < path.length; start = path.indexOf('/', start) + 1 || path.length) {
      const re = segmentFor(path.charCodeAt(start));
      if (!re) continue;
      re.lastIndex = start;
      if (re.test(path)) return true;
    }
    return false;
  };
}
