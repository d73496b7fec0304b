// Translates the Ruby (Onigmo) regular expressions of Linguist's YAML data into JavaScript regular
// expression sources with the same meaning, to be compiled with no flags. Build-time only.
//
// What differs, and how it is translated:
//   ^ $            Ruby: start/end of a line. 'line' anchors: (?<![^\n]) and (?![^\n]) (only \n ends a
//                  line, as in Ruby). 'string' anchors (for paths, which hold no newline): ^ and $.
//   .              Ruby: anything but \n ([^\n]); inside (?m) or (?m:...) anything ([\s\S]).
//   \A \z \Z \h \R string start, string end, end before a final \n, hex digit, any line break.
//   \s \S          Ruby's ASCII [\t-\r ] (JS would also match U+00A0 and other Unicode spaces).
//   (?i) (?i:...)  case-insensitive: letters become [aA], classes get both cases (no inline flags in Node 20).
//   (?>...) *+ ++ ?+   atomic groups and possessive quantifiers lose their no-backtracking property; for the
//                  data here this does not change whether a pattern matches.
//   [a&&[^b]]      class intersection: (?:(?![b])[a]).
//   {,n}           becomes {0,n}; a '{' or '}' that is not a quantifier becomes a literal \{ \}.
// Anything else Ruby-specific (\G, \K, \p, (?x), POSIX brackets, absent operator) throws, so that a data
// upgrade cannot silently change meaning.

const LETTER = /[A-Za-z]/;

function otherCase(ch) {
  const lower = ch.toLowerCase();
  return lower === ch ? ch.toUpperCase() : lower;
}

/** Reads one class atom at i (a char or an escape); returns [text, next index]. */
function classAtom(src, i) {
  if (src[i] === '\\') return [src.slice(i, i + 2), i + 2];
  return [src[i], i + 1];
}

/** Translates a character class starting at src[i] === '['; returns [jsText, next index]. */
function translateClass(src, start, ctx) {
  let i = start + 1;
  let negate = false;
  if (src[i] === '^') {
    negate = true;
    i++;
  }
  const items = [];
  let intersection = null;
  let first = true;
  while (i < src.length && (src[i] !== ']' || first)) {
    first = false;
    if (src.startsWith('&&', i)) {
      if (src[i + 2] !== '[') throw new Error(`unsupported class intersection in ${src}`);
      const [inner, next] = translateClass(src, i + 2, ctx);
      intersection = inner;
      i = next;
      continue;
    }
    if (src[i] === '[') throw new Error(`unsupported nested class or POSIX bracket in ${src}`);
    const [a, afterA] = classAtom(src, i);
    if (src[afterA] === '-' && src[afterA + 1] !== ']' && afterA + 1 < src.length) {
      const [b, afterB] = classAtom(src, afterA + 1);
      items.push(`${a}-${b}`);
      if (ctx.i && a.length === 1 && b.length === 1 && LETTER.test(a) && LETTER.test(b)) {
        const sameCase = (a === a.toLowerCase()) === (b === b.toLowerCase());
        if (sameCase) items.push(`${otherCase(a)}-${otherCase(b)}`);
      }
      i = afterB;
      continue;
    }
    items.push(translateClassEscape(a, ctx));
    i = afterA;
  }
  if (src[i] !== ']') throw new Error(`unterminated class in ${src}`);
  const body = `[${negate ? '^' : ''}${items.join('')}]`;
  if (intersection === null) return [body, i + 1];
  // [A&&[B]] : a char in A and in B. Only the form [A&&[^B]] is used: (?![B])[A].
  if (!intersection.startsWith('[^')) throw new Error(`unsupported class intersection in ${src}`);
  return [`(?:(?!${`[${intersection.slice(2)}`})${body})`, i + 1];
}

function translateClassEscape(atom, ctx) {
  if (atom === '\\h') return '0-9a-fA-F';
  if (atom === '\\s') return '\\t-\\r ';
  if (atom.length === 1 && ctx.i && LETTER.test(atom)) return atom + otherCase(atom);
  return atom;
}

const ESCAPES = {
  A: '(?<![\\s\\S])',
  z: '(?![\\s\\S])',
  Z: '(?=\\n?(?![\\s\\S]))',
  h: '[0-9a-fA-F]',
  H: '[^0-9a-fA-F]',
  R: '(?:\\r\\n|[\\n\\v\\f\\r\\x85\\u2028\\u2029])',
  s: '[\\t-\\r ]',
  S: '[^\\t-\\r ]',
};
const UNSUPPORTED_ESCAPES = new Set(['G', 'K', 'p', 'P', 'X', 'g', 'k', 'y', 'Y']);

/** Parses Ruby inline options such as 'im-x'; returns the changed context. */
function applyOptions(options, ctx, src) {
  const next = { ...ctx };
  let on = true;
  for (const ch of options) {
    if (ch === '-') on = false;
    else if (ch === 'i') next.i = on;
    else if (ch === 'm') next.dotall = on;
    else if (ch === 'x') {
      if (on) throw new Error(`extended mode (?x) unsupported in ${src}`);
    } else throw new Error(`unsupported option ${ch} in ${src}`);
  }
  return next;
}

/**
 * @param {string} src Ruby regex source
 * @param {{anchors: 'line' | 'string'}} options
 * @returns {string} JavaScript regex source (compile with no flags)
 */
export function translateRubyRegex(src, { anchors }) {
  let out = '';
  const stack = [];
  let ctx = { i: false, dotall: false };
  let i = 0;
  const quantifierTail = () => {
    if (src[i] === '?') out += src[i++];
    else if (src[i] === '+') i++; // possessive: drop
  };
  while (i < src.length) {
    const ch = src[i];
    if (ch === '\\') {
      const e = src[i + 1];
      if (e === undefined) throw new Error(`trailing backslash in ${src}`);
      if (UNSUPPORTED_ESCAPES.has(e)) throw new Error(`unsupported escape \\${e} in ${src}`);
      out += ESCAPES[e] ?? `\\${e}`;
      i += 2;
    } else if (ch === '[') {
      const [cls, next] = translateClass(src, i, ctx);
      out += cls;
      i = next;
    } else if (ch === '(') {
      if (src[i + 1] !== '?') {
        stack.push(ctx);
        out += '(';
        i++;
        continue;
      }
      const rest = src.slice(i + 2);
      const opts = /^([imx-]+)(:|\))/.exec(rest);
      if (opts) {
        if (opts[2] === ')') {
          ctx = applyOptions(opts[1], ctx, src); // applies to the rest of the enclosing group
        } else {
          stack.push(ctx);
          ctx = applyOptions(opts[1], ctx, src);
          out += '(?:';
        }
        i += 2 + opts[0].length;
      } else if (rest.startsWith('>')) {
        stack.push(ctx);
        out += '(?:';
        i += 3;
      } else if (/^(?::|=|!|<=|<!|<[A-Za-z_]\w*>)/.test(rest)) {
        const head = /^(?::|=|!|<=|<!|<[A-Za-z_]\w*>)/.exec(rest)[0];
        stack.push(ctx);
        out += `(?${head}`;
        i += 2 + head.length;
      } else {
        throw new Error(`unsupported group (?${rest.slice(0, 3)} in ${src}`);
      }
    } else if (ch === ')') {
      if (!stack.length) throw new Error(`unbalanced ) in ${src}`);
      ctx = stack.pop();
      out += ')';
      i++;
    } else if (ch === '.') {
      out += ctx.dotall ? '[\\s\\S]' : '[^\\n]';
      i++;
    } else if (ch === '^') {
      out += anchors === 'line' ? '(?<![^\\n])' : '^';
      i++;
    } else if (ch === '$') {
      out += anchors === 'line' ? '(?![^\\n])' : '$';
      i++;
    } else if (ch === '*' || ch === '+' || ch === '?') {
      out += ch;
      i++;
      quantifierTail();
    } else if (ch === '{') {
      const q = /^\{(\d*)(,?)(\d*)\}/.exec(src.slice(i));
      if (q && (q[1] !== '' || (q[2] === ',' && q[3] !== ''))) {
        out += `{${q[1] || '0'}${q[2]}${q[3]}}`;
        i += q[0].length;
        quantifierTail();
      } else {
        out += '\\{';
        i++;
      }
    } else if (ch === '}') {
      out += '\\}';
      i++;
    } else if (ctx.i && LETTER.test(ch)) {
      out += `[${ch}${otherCase(ch)}]`;
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  if (stack.length) throw new Error(`unbalanced ( in ${src}`);
  new RegExp(out); // throws on a translation bug
  return out;
}
