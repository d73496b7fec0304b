/**
 * A blob as generated.rb's checks see it: its path, File.extname, the sample, and its lines (the sample
 * split on \n) computed lazily and only as far as a check needs. Ruby's `lines[i]` is nil past the end;
 * here it is '' (no check tells the two apart).
 */
export class Blob {
  /** The first lines split so far, and where the next one starts (-1: none left). */
  readonly head: string[] = [];
  headNext: number;
  #lines: string[] | undefined;
  #count: number | undefined;

  constructor(
    readonly path: string,
    readonly ext: string,
    readonly data: string,
  ) {
    this.headNext = data === '' ? -1 : 0;
  }

  /** All the lines (split on first use). */
  get lines(): readonly string[] {
    return (this.#lines ??= this.data === '' ? [] : this.data.split('\n'));
  }

  /** lines.length (counted on first use, without splitting). */
  get lineCount(): number {
    return (this.#count ??= this.data === '' ? 0 : countNewlines(this.data) + 1);
  }
}

function countNewlines(data: string): number {
  let n = 0;
  for (let i = data.indexOf('\n'); i >= 0; i = data.indexOf('\n', i + 1)) n++;
  return n;
}

/** The first n lines (fewer if the blob has fewer), split once and shared by the checks. */
export function firstN(b: Blob, n: number): readonly string[] {
  while (b.head.length < n && b.headNext >= 0) {
    const nl = b.data.indexOf('\n', b.headNext);
    b.head.push(b.data.slice(b.headNext, nl < 0 ? b.data.length : nl));
    b.headNext = nl < 0 ? -1 : nl + 1;
  }
  return b.head.length > n ? b.head.slice(0, n) : b.head;
}

/** lines.length > n, scanning at most n newlines. */
export function more(b: Blob, n: number): boolean {
  if (b.data === '') return false;
  let at = -1;
  for (let k = 0; k < n; k++) {
    at = b.data.indexOf('\n', at + 1);
    if (at < 0) return false;
  }
  return true;
}

/** lines[i] (negative: from the end), or '' past either end. */
export function line(b: Blob, i: number): string {
  if (i >= 0) return firstN(b, i + 1)[i] ?? '';
  if (!more(b, -i - 1)) return '';
  // The -i-th line from the end: between the (-i)-th and the (-i - 1)-th newline from the end.
  let end = b.data.length;
  for (let k = -1; k > i; k--) end = b.data.lastIndexOf('\n', end - 1);
  const start = b.data.lastIndexOf('\n', end - 1) + 1;
  return b.data.slice(start, end);
}

/** lines.first(n).any? { |l| l.include?(text) } for a text without newlines, without splitting. */
export function inFirstLines(b: Blob, n: number, text: string): boolean {
  const at = b.data.indexOf(text);
  if (at < 0) return false;
  let end = -1;
  for (let k = 0; k < n; k++) {
    end = b.data.indexOf('\n', end + 1);
    if (end < 0) return true; // fewer than n lines: the whole blob is in them
  }
  return at + text.length <= end;
}
