/**
 * A small JSON (RFC 8259) scanner. Node's JSON.parse does not always say where a syntax error is, so
 * the scanner finds the offset of the first one; on success it records where every JSON pointer starts,
 * so that validation issues can be shown with a line number.
 */
export type JsonScan =
  { ok: true; offsets: Map<string, number> } | { ok: false; offset: number; reason: string };

class ScanFailure extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export interface ScanJsonOptions {
  /** Refuse an object with the same key twice (JSON.parse keeps the last one silently), as YAML documents do. */
  readonly uniqueKeys?: boolean;
}

export function scanJson(text: string, options: ScanJsonOptions = {}): JsonScan {
  const offsets = new Map<string, number>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const describe = (at: number) => {
    const ch = text[at];
    if (ch === undefined) return 'unexpected end of file';
    const word = /[A-Za-z_$][\w$]*/y;
    word.lastIndex = at;
    const token = word.exec(text)?.[0] ?? (ch === '\n' ? 'end of line' : ch);
    return `unexpected ${token === 'end of line' ? token : JSON.stringify(token.slice(0, 20))}`;
  };
  const fail = (reason: string, at = i) => new ScanFailure(at, reason);
  const skipWhitespace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (ch: string, what: string) => {
    skipWhitespace();
    if (text[i] !== ch) throw fail(`${describe(i)}: expected ${what}`);
    i++;
  };

  const scanString = () => {
    const start = i;
    i++; // opening quote
    for (;;) {
      const ch = text[i];
      if (ch === undefined || ch === '\n') throw fail('unterminated string', start);
      if (ch === '"') break;
      if (ch === '\\') {
        const esc = text[i + 1];
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            throw fail('invalid \\u escape: expected 4 hex digits');
          i += 6;
          continue;
        }
        if (esc === undefined || !'"\\/bfnrt'.includes(esc))
          throw fail(`invalid escape "\\${esc ?? ''}" in string`);
        i += 2;
        continue;
      }
      if (ch < ' ') throw fail('control character in string (escape it, e.g. \\t)');
      i++;
    }
    const value = JSON.parse(text.slice(start, i + 1)) as string;
    i++;
    return value;
  };

  const scanValue = (pointer: string): void => {
    skipWhitespace();
    if (!offsets.has(pointer)) offsets.set(pointer, i);
    const ch = text[i];
    if (ch === '{') {
      i++;
      skipWhitespace();
      if (text[i] === '}') {
        i++;
        return;
      }
      const keys = new Set<string>();
      for (;;) {
        skipWhitespace();
        if (text[i] !== '"')
          throw fail(
            text[i] === '}'
              ? 'trailing comma before "}"'
              : `${describe(i)}: expected a property name in double quotes`,
          );
        const keyAt = i;
        const key = scanString();
        if (options.uniqueKeys) {
          if (keys.has(key)) throw fail(`duplicate key ${JSON.stringify(key)} (keys must be unique)`, keyAt);
          keys.add(key);
        }
        const child = `${pointer}/${escapePointer(key)}`;
        offsets.set(child, keyAt);
        expect(':', '":" after the property name');
        scanValue(child);
        skipWhitespace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        throw fail(`${describe(i)}: expected "," or "}" after the property value`);
      }
    }
    if (ch === '[') {
      i++;
      skipWhitespace();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let index = 0; ; index++) {
        skipWhitespace();
        if (text[i] === ']') throw fail('trailing comma before "]"');
        scanValue(`${pointer}/${index}`);
        skipWhitespace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        throw fail(`${describe(i)}: expected "," or "]" after the array element`);
      }
    }
    if (ch === '"') {
      scanString();
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if (NUMBER.exec(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    throw fail(ch === "'" ? 'strings must use double quotes' : `${describe(i)}: expected a value`);
  };

  try {
    scanValue('');
    skipWhitespace();
    if (i < text.length) throw fail(`${describe(i)} after the end of the document`);
    return { ok: true, offsets };
  } catch (error) {
    if (error instanceof ScanFailure) return { ok: false, offset: error.offset, reason: error.reason };
    if (error instanceof RangeError) return { ok: false, offset: i, reason: 'nested too deeply' };
    throw error;
  }
}
