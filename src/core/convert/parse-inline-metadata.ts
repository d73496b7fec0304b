export interface InlineMetadata {
  /** The line without its trailing `{...}` block. */
  readonly text: string;
  /** key → values, in order; a key given without a value maps to []. */
  readonly meta: ReadonlyMap<string, string[]>;
  /** Set when a `{` was opened but never closed, or a part could not be read. */
  readonly problem?: string;
}

/**
 * Splits a trailing `{key: value, key: v1, v2, flag}` block off a line. Commas separate values; a part that
 * starts with `word:` starts a new key, any other part is one more value of the key before (so `files: a.md,
 * b.md, creates: x.md` gives files [a.md, b.md] and creates [x.md]); a flag word such as `optional` is always a
 * key of its own. A value in backticks is kept whole, commas included. Pure.
 */
export function parseInlineMetadata(line: string): InlineMetadata {
  const open = findOpenBrace(line);
  if (open < 0) return { text: line.trim(), meta: new Map() };
  const close = line.lastIndexOf('}');
  if (close < open)
    return {
      text: line.slice(0, open).trim(),
      meta: new Map(),
      problem: 'a "{" metadata block is never closed; it is ignored',
    };
  const body = line.slice(open + 1, close);
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of body) {
    if (ch === '`') quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  const meta = new Map<string, string[]>();
  let key: string | undefined;
  let problem: string | undefined;
  for (const raw of parts) {
    const part = raw.trim();
    if (!part) continue;
    const m = /^([A-Za-z_][\w-]*)\s*(?::\s*(.*))?$/s.exec(part);
    const keyed = m && (m[2] !== undefined || !key || FLAGS.has(m[1]!.toLowerCase()));
    if (keyed) {
      key = m[1]!.toLowerCase();
      meta.set(key, [
        ...(meta.get(key) ?? []),
        ...(m[2] !== undefined && m[2].trim() !== '' ? [unquote(m[2].trim())] : []),
      ]);
    } else if (key) meta.get(key)!.push(unquote(part));
    else problem = `cannot read "${part}" in the metadata block`;
  }
  return {
    text: (line.slice(0, open) + line.slice(close + 1)).trim(),
    meta,
    ...(problem ? { problem } : {}),
  };
}

/** Words that are keys of their own wherever they stand (`{budget: 5, optional}`). */
const FLAGS = new Set([
  'optional',
  'parallel',
  'sequential',
  'background',
  'foreground',
  'blocking',
  'non-blocking',
  'advisory',
  'required',
]);

const unquote = (v: string) => (v.length >= 2 && v.startsWith('`') && v.endsWith('`') ? v.slice(1, -1) : v);

/** The `{` of a trailing metadata block: the last `{` outside backticks. */
function findOpenBrace(line: string): number {
  let quoted = false;
  let at = -1;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '`') quoted = !quoted;
    else if (line[i] === '{' && !quoted) at = i;
  }
  return at;
}
