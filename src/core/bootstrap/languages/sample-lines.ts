/**
 * Linguist's BlobHelper#first_lines and #last_lines over a content sample (a binary string, one char per
 * byte), quirks included, since modelines and the XML strategy read them. A newline is \r\n, \r or \n.
 * - first_lines(n) splits the text up to the n-th newline: an unterminated last line is left out and a
 *   trailing '' appears ('a\nb' gives ['a', '']).
 * - last_lines(n) searches newlines backwards with rindex, so only lines that follow a newline are kept
 *   ('a\nb\n' gives ['b']) and a \r\n counts twice (as \n, then as \r\n).
 */
function splitLines(text: string): string[] {
  // Ruby's String#split(re, -1), except that it returns [] for an empty string.
  return text === '' ? [] : text.split(/\r\n|\r|\n/);
}

/** BlobHelper#first_lines(n). */
export function firstLines(sample: string, n: number): string[] {
  let end = 0;
  let count = 0;
  for (let i = 0; i < sample.length && count < n; i++) {
    const c = sample.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    if (c === 13 && sample.charCodeAt(i + 1) === 10) i++;
    end = i + 1;
    count++;
  }
  return splitLines(sample.slice(0, end));
}

/** Ruby's rindex(/\r\n|\r|\n/, from): the last newline match starting at or before `from`. */
function lastNewlineFrom(sample: string, from: number): { index: number; length: number } | undefined {
  for (let i = from; i >= 0; i--) {
    const c = sample.charCodeAt(i);
    if (c === 10) return { index: i, length: 1 };
    if (c === 13) return { index: i, length: sample.charCodeAt(i + 1) === 10 ? 2 : 1 };
  }
  return undefined;
}

/** BlobHelper#last_lines(n). */
export function lastLines(sample: string, n: number): string[] {
  let noEol = true;
  let i = sample.length;
  let k = i;
  let count = 0;
  let wanted = n;
  while (count < wanted) {
    const nl = lastNewlineFrom(sample, i - 1);
    if (!nl) break;
    if (count === 0 && nl.index + nl.length === i) {
      noEol = false;
      wanted++;
    }
    i = nl.index;
    k = nl.index + nl.length;
    count++;
  }
  const lines = splitLines(sample.slice(k));
  if (!noEol) lines.pop();
  return lines;
}
