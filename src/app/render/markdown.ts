/** GitHub's limit on a comment or PR body, and on a check run's summary and text. */
export const BODY_LIMIT = 65_535;

/**
 * Text from a bundle or a tool (names, messages) made safe for a markdown table cell: one line; HTML, pipes, link
 * and image brackets escaped; bare URLs and www. names kept from being autolinked; @mentions and #references
 * defused; cut to `max` characters. So such text can never render as a link, an image or markup in a comment, a
 * check run or a pull request body (a phishing link under the app's name).
 */
export function cell(text: string | number | null | undefined, max = 120): string {
  return clean(String(text ?? '').replace(/`/g, "'"), max);
}

/** Like `cell`, for a line of prose: code spans are kept when their backticks pair up. */
export function prose(text: string | null | undefined, max = 500): string {
  const s = String(text ?? '');
  return clean((s.match(/`/g) ?? []).length % 2 === 0 ? s : s.replace(/`/g, "'"), max);
}

/**
 * Untrusted text as an inline code span: one line, backticks made quotes (so the span cannot be closed early),
 * table pipes escaped (GitHub's tables split on them even in code), cut to `max`. Nothing renders in a code span.
 */
export function code(text: string | number | null | undefined, max = 120): string {
  const s = String(text ?? '')
    .replace(/`/g, "'")
    .replace(/\s+/g, ' ');
  return `\`${(s.length > max ? `${s.slice(0, max - 1)}…` : s).replace(/\|/g, '\\|')}\``;
}

function clean(text: string, max: number): string {
  const cut = text.replace(/\s+/g, ' ');
  const s = defuse(cut.length > max ? `${cut.slice(0, max - 1)}…` : cut);
  return s;
}

/**
 * Escapes what could make markdown of untrusted text: HTML, table pipes, link and image brackets (`[..](..)`,
 * `![..](..)`, `[..][..]`), and breaks GitHub's autolinks (`https://`, `www.`, e-mail addresses), @mentions and
 * #references with a zero-width space. Cut before, not after: an escape is never split.
 */
export function defuse(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'))
    .replace(/[|[\]]/g, (c) => `\\${c}`)
    .replace(/([a-z][a-z0-9+.-]*):(?=\/\/)/gi, '$1\u200b:')
    .replace(/\b(www)\./gi, '$1\u200b.')
    .replace(/@(?=\w)/g, '@\u200b')
    .replace(/#(?=\d)/g, '#\u200b');
}

/** A markdown table. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${headers.join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/**
 * Joins sections into a body within `limit` characters: later sections are dropped first (then the last kept one is
 * cut), with a note saying so. The first section (the headline) is always kept.
 */
export function fitBody(sections: readonly string[], limit = BODY_LIMIT): string {
  const note = "\n\n_… cut to fit GitHub's 65,535-character limit; the full record is in the run ledger._";
  let out = '';
  for (const [i, s] of sections.entries()) {
    const next = i === 0 ? s : `${out}\n\n${s}`;
    if (next.length + note.length <= limit) {
      out = next;
      continue;
    }
    const room = limit - note.length - out.length - 2;
    if (room > 200) out = `${out}\n\n${s.slice(0, room)}`;
    return `${out.slice(0, limit - note.length)}${note}`;
  }
  return out;
}

/** Seconds as `1h 2m`, `3m 4s` or `5s`. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const s = Math.round(ms / 1000);
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${s}s`;
}

export const usd = (n: number | null | undefined) =>
  n === null || n === undefined ? '—' : `$${n.toFixed(2)}`;
