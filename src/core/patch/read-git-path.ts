/** A path read from a diff header, possibly C-quoted by git. */
export type GitPathRead =
  | { readonly ok: true; readonly path: string; readonly rest: string; readonly quoted: boolean }
  | { readonly ok: false; readonly message: string };

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 7,
  b: 8,
  t: 9,
  n: 10,
  v: 11,
  f: 12,
  r: 13,
  '"': 34,
  '\\': 92,
};

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/**
 * Decodes a C-quoted path as git writes it ("a/tab\there", "\303\251t\303\251"): the bytes are decoded as UTF-8,
 * and bytes that are not UTF-8 become U+FFFD, which the path check rejects as a non-UTF-8 path.
 */
function unquote(text: string): GitPathRead {
  const bytes: number[] = [];
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let decoded: string;
      try {
        decoded = utf8.decode(new Uint8Array(bytes));
      } catch {
        decoded = new TextDecoder('utf-8').decode(new Uint8Array(bytes));
        if (!decoded.includes('\uFFFD')) decoded += '\uFFFD';
      }
      return { ok: true, path: decoded, rest: text.slice(i + 1), quoted: true };
    }
    if (c !== '\\') {
      for (const b of encoder.encode(c)) bytes.push(b);
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) break;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      bytes.push(simple);
      i += 1;
    } else if (/^[0-3][0-7]{2}$/.test(text.slice(i + 1, i + 4))) {
      bytes.push(parseInt(text.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      return { ok: false, message: `unknown escape \\${next} in quoted path` };
    }
  }
  return { ok: false, message: 'unterminated quoted path' };
}

/**
 * Reads one path at the start of `text`: a C-quoted one ("...") up to its closing quote, or an unquoted one up to
 * `stop` (a TAB for ---/+++ lines, which may carry a timestamp after it; the end of the text otherwise).
 */
export function readGitPath(text: string, stop: 'tab' | 'end' = 'end'): GitPathRead {
  if (text.startsWith('"')) return unquote(text);
  if (stop === 'tab') {
    const tab = text.indexOf('\t');
    if (tab >= 0) return { ok: true, path: text.slice(0, tab), rest: text.slice(tab), quoted: false };
  }
  return { ok: true, path: text, rest: '', quoted: false };
}

/**
 * The path without git's `a/` or `b/` prefix, or null when it does not carry it. `git apply` strips the first path
 * component whatever it is (-p1), so a header without git's own prefix would be judged as one path and written as
 * another (`docs/infra/prod.tf` is written as `infra/prod.tf`): such a header is refused, never guessed.
 */
export function takeGitPrefix(path: string, prefix: 'a/' | 'b/'): string | null {
  return path.startsWith(prefix) && path.length > 2 ? path.slice(2) : null;
}
