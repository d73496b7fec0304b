import type { LinguistAttributes } from '../../../core/bootstrap/languages/index.js';

type Mutable = { -readonly [K in keyof LinguistAttributes]: LinguistAttributes[K] };
type Flag = 'vendored' | 'generated' | 'documentation' | 'detectable';

const FLAGS: Readonly<Record<string, Flag>> = {
  'linguist-vendored': 'vendored',
  'linguist-generated': 'generated',
  'linguist-documentation': 'documentation',
  'linguist-detectable': 'detectable',
};
const LANGUAGE = 'linguist-language';
/** "linguist-" as bytes, the prefix every attribute read here has. */
const PREFIX = Buffer.from('linguist-');

/** Rugged's values as LazyBlob reads them: set is true, unset false, a value is true unless it is "false". */
function apply(target: Mutable, attribute: string, info: string): void {
  if (info === 'unspecified') return;
  if (attribute === LANGUAGE) {
    // `linguist-language` set without a value names no language (Language.find_by_alias(true) is nil);
    // unset is falsy, so the language is detected as usual.
    if (info !== 'unset') target.language = info === 'set' ? '' : info;
    return;
  }
  const flag = FLAGS[attribute];
  if (flag) target[flag] = info === 'set' ? true : info === 'unset' ? false : info !== 'false';
}

const state = (v: boolean | undefined) => (v === undefined ? '-' : v ? '1' : '0');

/**
 * The output of `git check-attr -z --all` for the NUL-terminated paths of `input` ("<path>\0<attribute>\0<info>\0"
 * for each attribute set, paths in the order given): calls `onPath(k, attributes)` for each k-th input path that has a
 * linguist-* attribute. It works on the bytes: an attribute that is not linguist's (text, eol, diff...) is skipped
 * without being decoded, and the path of a record is matched against the input at a cursor that only moves forward,
 * since git answers in input order (a path is decoded only if that fails). Paths with the same attributes share
 * one frozen object, so that 40k files marked alike hold one.
 */
export function parseCheckAttr(
  output: Buffer,
  input: Buffer,
  onPath: (k: number, attributes: LinguistAttributes) => void,
): void {
  const shared = new Map<string, LinguistAttributes>();
  let k = -1; // the input path the cursor is on
  let start = 0; // its bytes in `input`
  let end = -1;
  let byPath: Map<string, number> | undefined; // built only if git's order ever differs from the input's
  let current: Mutable | undefined;
  let currentK = -1;
  const flush = () => {
    if (!current) return;
    const key = `${state(current.vendored)}${state(current.generated)}${state(current.documentation)}${state(current.detectable)}${current.language === undefined ? '' : `L${current.language}`}`;
    let value = shared.get(key);
    if (!value) shared.set(key, (value = Object.freeze(current)));
    onPath(currentK, value);
    current = undefined;
  };
  const same = (from: number, to: number) =>
    k >= 0 && to - from === end - start && output.compare(input, start, end, from, to) === 0;
  /** The input index of the path at output[from, to). */
  const locate = (from: number, to: number): number => {
    if (same(from, to)) return k;
    while (end + 1 < input.length) {
      start = end + 1;
      end = input.indexOf(0, start);
      if (end < 0) end = input.length;
      k++;
      if (same(from, to)) return k;
    }
    if (!byPath) {
      byPath = new Map();
      let i = 0;
      for (const path of input.toString('utf8').split('\0')) byPath.set(path, i++);
    }
    return byPath.get(output.toString('utf8', from, to)) ?? -1;
  };
  let at = 0;
  while (at < output.length) {
    const pathEnd = output.indexOf(0, at);
    const nameEnd = pathEnd < 0 ? -1 : output.indexOf(0, pathEnd + 1);
    const infoEnd = nameEnd < 0 ? -1 : output.indexOf(0, nameEnd + 1);
    if (infoEnd < 0) break;
    const nameStart = pathEnd + 1;
    if (
      nameEnd - nameStart > PREFIX.length &&
      output[nameStart] === PREFIX[0] &&
      output.compare(PREFIX, 0, PREFIX.length, nameStart, nameStart + PREFIX.length) === 0
    ) {
      const name = output.toString('latin1', nameStart, nameEnd);
      if (name === LANGUAGE || FLAGS[name]) {
        const index = locate(at, pathEnd);
        if (index >= 0) {
          if (index !== currentK) {
            flush();
            currentK = index;
          }
          apply((current ??= {}), name, output.toString('utf8', nameEnd + 1, infoEnd));
        }
      }
    }
    at = infoEnd + 1;
  }
  flush();
}
