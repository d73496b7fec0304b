/**
 * Linguist's BlobHelper#first_lines and #last_lines over a content sample (a binary string, one char per
 * byte), quirks included, since modelines and the XML strategy read them. A newline is \r\n, \r or \n.
 * - first_lines(n) splits the text up to the n-th newline: an unterminated last line is left out and a
 *   trailing '' appears ('a\nb' gives ['a', '']).
 * - last_lines(n) searches newlines backwards with rindex, so only lines that follow a newline are kept
 *   ('a\nb\n' gives ['b']), a \r\n counts twice (as \n, then as \r\n), and a search from position -1 wraps
 *   around to the end of the text.
 */
function splitLines(text: string): string[] {
  // Ruby's String#split(/\r\n|\r|\n/, -1), except that it returns [] for an empty string.
  if (text === '') return [];
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    out.push(text.slice(start, i));
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    start = i + 1;
  }
  out.push(text.slice(start));
  return out;
}

/** Where first_lines(n) cuts: just after the n-th newline (or the last one). */
export function firstLinesEnd(sample: string, n: number): number {
  if (!sample.includes('\r')) {
    // Only \n line ends (the usual case): jump from newline to newline.
    let end = 0;
    for (let k = 0; k < n; k++) {
      const nl = sample.indexOf('\n', end);
      if (nl < 0) break;
      end = nl + 1;
    }
    return end;
  }
  let end = 0;
  let count = 0;
  for (let i = 0; i < sample.length && count < n; i++) {
    const c = sample.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    if (c === 13 && sample.charCodeAt(i + 1) === 10) i++;
    end = i + 1;
    count++;
  }
  return end;
}

/** BlobHelper#first_lines(n). */
export function firstLines(sample: string, n: number): string[] {
  return splitLines(sample.slice(0, firstLinesEnd(sample, n)));
}

/** Every newline sequence (\r\n, \r, \n) as \n: what split(newlines).join("\n") gives. */
const normalize = (text: string) => (text.includes('\r') ? text.replace(/\r\n|\r/g, '\n') : text);

/** first_lines(n).join("\n"), without building the lines. */
export function firstLinesText(sample: string, n: number): string {
  return normalize(sample.slice(0, firstLinesEnd(sample, n)));
}

/** Ruby's rindex(re, i - 1) start: a negative position counts from the end (so, at 0, it wraps around). */
function rindexFrom(sample: string, i: number): number {
  return i - 1 < 0 ? i - 1 + sample.length : i - 1;
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

/** Where last_lines(n) starts, and whether the sample ends without a newline. */
export function lastLinesStart(sample: string, n: number): { start: number; noEol: boolean } {
  if (!sample.includes('\r')) {
    // Only \n line ends: the same walk as below with lastIndexOf.
    let noEol = true;
    let i = sample.length;
    let k = i;
    let wanted = n;
    for (let count = 0; count < wanted; count++) {
      const from = rindexFrom(sample, i);
      const nl = from < 0 ? -1 : sample.lastIndexOf('\n', from);
      if (nl < 0) break;
      if (count === 0 && nl + 1 === i) {
        noEol = false;
        wanted++;
      }
      i = nl;
      k = nl + 1;
    }
    return { start: k, noEol };
  }
  let noEol = true;
  let i = sample.length;
  let k = i;
  let count = 0;
  let wanted = n;
  while (count < wanted) {
    const nl = lastNewlineFrom(sample, rindexFrom(sample, i));
    if (!nl) break;
    if (count === 0 && nl.index + nl.length === i) {
      noEol = false;
      wanted++;
    }
    i = nl.index;
    k = nl.index + nl.length;
    count++;
  }
  return { start: k, noEol };
}

/** BlobHelper#last_lines(n). */
export function lastLines(sample: string, n: number): string[] {
  const { start, noEol } = lastLinesStart(sample, n);
  const lines = splitLines(sample.slice(start));
  if (!noEol) lines.pop();
  return lines;
}

/** last_lines(n).join("\n"), without building the lines. */
export function lastLinesText(sample: string, n: number): string {
  const { start, noEol } = lastLinesStart(sample, n);
  const text = normalize(sample.slice(start));
  return noEol ? text : text.slice(0, -1);
}
