/**
 * Linguist's classifier tokenizer (ext/linguist/tokenizer.l, a flex scanner, 7.22.1) over a binary string:
 * at each position the longest match of the rules active in the current state wins, the first rule on a
 * tie; `^` rules match only at the start of a line. Comments and string literals are skipped (a comment
 * opener yields a COMMENT token), numbers dropped, identifiers and runs of punctuation kept, every token
 * cut to 16 bytes. An unterminated string or shebang line ends the scan, as in flex.
 */
type State = 'initial' | 'c' | 'xml' | 'haskell' | 'ocaml' | 'pyd' | 'pys' | 'roff';

interface Rule {
  readonly re: RegExp;
  readonly bol?: boolean;
  /** A token to emit: static text, or the match itself when true. */
  readonly feed?: string | true;
  readonly begin?: State;
  readonly special?: 'env' | 'shebang' | 'dq' | 'sq';
}

const r = (source: string, rest: Omit<Rule, 're'> = {}): Rule => ({ re: new RegExp(source, 'y'), ...rest });
const LINE = '(?:[^\\n]+|\\n|)'; // flex (.*|\n): the longest of the two

const INITIAL: readonly Rule[] = [
  r('#![ \\t]*([A-Za-z0-9_/]*/)?env([ \\t]+([^ \\t=]*=[^ \\t]*))*[ \\t]+[A-Za-z_]+', {
    bol: true,
    special: 'env',
  }),
  r('#![ \\t]*[A-Za-z_/]+', { bol: true, special: 'shebang' }),
  r('[ \\t]*#+( [^\\n]*|\\n)', { bol: true, feed: 'COMMENT#' }),
  r('[ \\t]*//!( [^\\n]*|\\n)', { bol: true, feed: 'COMMENT//!' }),
  r('[ \\t]*//[^\\n]*\\n?', { bol: true, feed: 'COMMENT//' }),
  r('[ \\t]*--( [^\\n]*|\\n)', { bol: true, feed: 'COMMENT--' }),
  r('[ \\t]*%+( [^\\n]*|\\n)', { bol: true, feed: 'COMMENT%' }),
  r('[ \\t]*"( [^\\n]*|\\n)', { bol: true, feed: 'COMMENT"' }),
  r('[ \\t]*;+( [^\\n]*|\\n)', { bol: true, feed: 'COMMENT;' }),
  r(`\\.[ \\t]*\\\\"${LINE}`, { bol: true, feed: 'COMMENT.\\"' }),
  r(`'[ \\t]*\\\\"${LINE}`, { bol: true, feed: 'COMMENT\'\\"' }),
  r(`\\$! ${LINE}`, { bol: true, feed: 'COMMENT$!' }),
  r('/\\*\\*/', { feed: 'COMMENT/*' }),
  r('/\\*\\*', { feed: 'COMMENT/**', begin: 'c' }),
  r('/\\*!', { feed: 'COMMENT/*!', begin: 'c' }),
  r('/\\*', { feed: 'COMMENT/*', begin: 'c' }),
  r('<!--', { feed: 'COMMENT<!--', begin: 'xml' }),
  r('\\{-', { feed: 'COMMENT{-', begin: 'haskell' }),
  r('\\(\\*', { feed: 'COMMENT(*', begin: 'ocaml' }),
  r('"""', { feed: 'COMMENT"""', begin: 'pyd' }),
  r("'''", { feed: "COMMENT'''", begin: 'pys' }),
  r('\\.ig\\n', { bol: true, feed: 'COMMENT.ig', begin: 'roff' }),
  r(`""|''`),
  r('"', { special: 'dq' }),
  r("'", { special: 'sq' }),
  r('(0x[0-9a-fA-F]([0-9a-fA-F]|\\.)*|[0-9]([0-9]|\\.)*)([uU][lL]{0,2}|([eE][-+][0-9]*)?[fFlL]*)'),
  r('[.@#$]?[A-Za-z0-9_]+', { feed: true }),
  ...[
    '\\(+\\)+',
    '\\{+\\}+',
    '\\[+\\]+',
    '\\(+|\\)+',
    '\\{+|\\}+',
    '\\[+|\\]+',
    '\\$(\\(+|\\{+|\\[\\]+)',
  ].map((s) => r(s, { feed: true })),
  ...[
    '\\(\\.\\.\\.\\)|\\{\\.\\.\\.\\}|\\[\\.\\.\\.\\]',
    '<&-|&>>|&>|<&|>&',
    '\\|&|&\\|',
    '-+>+',
    '<+-+',
    '!+=+',
    '[<>]*=+[<>]*',
    '</?[?%!#@]',
    '[?%!]>',
    '[<>/]+',
    '[-+*/%&|^~:]=+',
    '[!=]~',
    ':-',
    '\\.\\*+\\??',
    '\\.\\++\\??',
    '\\(\\?:',
  ].map((s) => r(s, { feed: true })),
  ...'-!#$%&*+,.:;?@\\^`|~'
    .split('')
    .map((c) => r(`[${c === '\\' || c === '^' ? `\\${c}` : c}]+`, { feed: true })),
  r('[\\s\\S]'),
];

const ANY = r('[\\s\\S]');
const COMMENT_END: Record<Exclude<State, 'initial'>, Rule> = {
  c: r('\\*/', { begin: 'initial' }),
  xml: r('-->', { begin: 'initial' }),
  haskell: r('-\\}', { begin: 'initial' }),
  ocaml: r('\\*\\)', { begin: 'initial' }),
  pyd: r('"""', { begin: 'initial' }),
  pys: r("'''", { begin: 'initial' }),
  roff: r('\\.\\.\\n', { begin: 'initial' }),
};

/** The class of the first character a rule's match can start with (its first atom, by hand for the rest). */
function firstCharClass(source: string): string {
  if (source.startsWith('[ \\t]*')) return `[ \\t]|${firstCharClass(source.slice(6))}`;
  if (source.startsWith('(0x')) return '[0-9]';
  if (source.startsWith('[.@#$]?')) return '[.@#$A-Za-z0-9_]';
  if (source.startsWith('\\(\\.\\.\\.\\)|')) return '[({[]';
  if (source.startsWith('<&-|')) return '[<&>]';
  if (source.startsWith('\\|&|')) return '[|&]';
  if (/^\\[({[]\+\|/.test(source)) return '[(){}[\\]]';
  if (source.startsWith('""|')) return `["']`;
  if (source.startsWith('[<>]*')) return '[<>=]';
  const m = /^(\\.|\[(?:\\.|[^\]])*\]|[^(])/.exec(source);
  if (!m) throw new Error(`tokenizer: no first character for ${source}`);
  return m[0];
}

/** The rules of the initial state that can match at each character (0-255), in rule order; built once. */
const BY_CHAR: readonly (readonly Rule[])[] = (() => {
  const classes = INITIAL.map((rule) => new RegExp(`^(?:${firstCharClass(rule.re.source)})$`));
  return Array.from({ length: 256 }, (_, code) => {
    const ch = String.fromCharCode(code);
    return INITIAL.filter((_rule, k) => classes[k]!.test(ch));
  });
})();

export function tokenize(data: string): string[] {
  const text = data.length > 100_000 ? data.slice(0, 100_000) : data;
  const tokens: string[] = [];
  let state: State = 'initial';
  let i = 0;
  const feed = (t: string) => tokens.push(t.length > 16 ? t.slice(0, 16) : t);
  // flex's input(): eat up to and including the end of the line; false at the end of the text (stop).
  const eatUntilEol = () => {
    const nl = text.indexOf('\n', i);
    if (nl < 0) return false;
    i = nl + 1;
    return true;
  };
  const eatUntilUnescaped = (q: string) => {
    while (i < text.length) {
      const c = text[i++]!;
      if (c === '\n' || c === q) return true;
      if (c === '\\' && i++ >= text.length) return false;
    }
    return false;
  };
  while (i < text.length) {
    const bol = i === 0 || text.charCodeAt(i - 1) === 10;
    const rules = state === 'initial' ? BY_CHAR[text.charCodeAt(i) & 255]! : [COMMENT_END[state], ANY];
    let best: Rule | undefined;
    let bestLen = 0;
    for (const rule of rules) {
      if (rule.bol && !bol) continue;
      rule.re.lastIndex = i;
      const m = rule.re.exec(text);
      if (m && m[0].length > bestLen) {
        best = rule;
        bestLen = m[0].length;
      }
    }
    if (!best) {
      i++;
      continue;
    }
    const matched = text.slice(i, i + bestLen);
    i += bestLen;
    if (best.begin) state = best.begin;
    if (best.feed === true) feed(matched);
    else if (best.feed !== undefined) feed(best.feed);
    else if (best.special === 'dq' || best.special === 'sq') {
      if (!eatUntilUnescaped(best.special === 'dq' ? '"' : "'")) break;
    } else if (best.special === 'env') {
      const space = matched.lastIndexOf(' ');
      feed(`SHEBANG#!${(space < 0 ? matched : matched.slice(space + 1)).slice(0, 16)}`);
      if (!eatUntilEol()) break;
    } else if (best.special === 'shebang') {
      const slash = matched.lastIndexOf('/');
      const off = slash < 0 ? matched : matched.slice(slash + 1);
      if (off !== 'env') feed(`SHEBANG#!${off.slice(0, 16)}`);
      if (!eatUntilEol()) break;
    }
  }
  return tokens;
}
