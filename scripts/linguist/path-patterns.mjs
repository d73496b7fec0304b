// Build-time helper of build-index.mjs: vendor.yml and documentation.yml as split path patterns.
import { translateRubyRegex } from './ruby-regex.mjs';

// A path regex list (vendor.yml, documentation.yml) is one Ruby union. For speed it is split into
// patterns anchored at the start (^...), patterns anchored at a path segment ((^|/)...: tried with a sticky
// regex at each segment start, only those that can start with the segment's first character) and the
// rest. A leading (.*?) or ([^\s]*) of an unanchored pattern cannot change whether it matches, and is
// dropped (it would make the search quadratic).
export function pathPatterns(list) {
  const anchored = [];
  const segment = [];
  const free = [];
  for (const src of list) {
    const js = (s) => translateRubyRegex(s, { anchors: 'string' });
    const seg = /^\(\^\|\\?\/\)/.exec(src);
    if (seg) segment.push([js(src.slice(seg[0].length)), firstChars(src.slice(seg[0].length))]);
    else if (src.startsWith('^')) anchored.push(js(src.slice(1)));
    else free.push(js(src.replace(/^\((?:\.\*\?|\[\^\\s\]\*)\)/, '')));
  }
  const union = (xs) => (xs.length ? xs.map((x) => `(?:${x})`).join('|') : '(?!)');
  return {
    anchored: `^(?:${union(anchored)})`,
    segment: segment.map(([source]) => source),
    segmentFirst: segment.map(([, first]) => first),
    free: union(free),
  };
}

/**
 * The characters a (Ruby) pattern can start with, as a string, or '' when that is not worked out (then
 * it is tried at every segment). Enough for the literal, class and group starts of vendor.yml.
 */
function firstChars(src) {
  const CLASSES = { d: '0123456789', w: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_' };
  // Returns [chars or null, index after the atom].
  const atom = (i) => {
    const c = src[i];
    if (c === undefined || '|)^$.'.includes(c)) return [null, i];
    if (c === '\\') {
      const e = src[i + 1];
      if (CLASSES[e]) return [CLASSES[e], i + 2];
      return /[A-Za-z0-9]/.test(e) ? [null, i + 2] : [e, i + 2];
    }
    if (c === '[') {
      const end = src.indexOf(']', i + 2);
      const body = src.slice(i + 1, end);
      if (body.startsWith('^') || body.includes('\\')) return [null, end + 1];
      let out = '';
      for (let k = 0; k < body.length; k++) {
        if (body[k + 1] === '-' && body[k + 2] !== undefined) {
          for (let x = body.charCodeAt(k); x <= body.charCodeAt(k + 2); x++) out += String.fromCharCode(x);
          k += 2;
        } else out += body[k];
      }
      return [out, end + 1];
    }
    if (c === '(') {
      if (src[i + 1] === '?' && src[i + 2] !== ':') return [null, i];
      let depth = 0;
      let k = i;
      const alts = [];
      let start = src[i + 1] === '?' ? i + 3 : i + 1;
      for (; k < src.length; k++) {
        if (src[k] === '\\') k++;
        else if (src[k] === '(') depth++;
        else if (src[k] === ')' && --depth === 0) break;
        else if (src[k] === '|' && depth === 1) {
          alts.push(start);
          start = k + 1;
        }
      }
      alts.push(start);
      let out = '';
      for (const a of alts) {
        const sub = firstCharsAt(a);
        if (sub === null) return [null, k + 1];
        out += sub;
      }
      return [out, k + 1];
    }
    return [c, i + 1];
  };
  // The first characters of the sequence starting at i (through optional atoms).
  const firstCharsAt = (i) => {
    const [chars, next] = atom(i);
    if (chars === null) return null;
    if (src[next] === '?' || src[next] === '*') {
      const rest = firstCharsAt(next + 1);
      return rest === null ? null : chars + rest;
    }
    return chars;
  };
  const chars = firstCharsAt(0);
  return chars === null ? '' : [...new Set(chars)].sort().join('');
}
