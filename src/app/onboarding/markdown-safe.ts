/**
 * Markdown for values that come from a repository (file names, CI commands, tool names) outside a table: they may
 * try to inject links, images, HTML, mentions or references into a body UET posts. They go in code spans, where
 * GitHub renders nothing, kept exactly as they are (a table cell takes src/app/render/markdown.ts's `code`); prose
 * goes through that module's `prose`.
 */

/** Control characters and line breaks, which would end a code span or a list item. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BREAKS = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

/**
 * A value as an inline code span, on one line and cut to `max` characters. The fence is one backtick longer than
 * the longest run of backticks inside, so the value cannot close it; inside a code span GitHub renders no link,
 * image, HTML, emphasis, mention or reference.
 */
export function codeSpan(value: string | number, max = 200): string {
  let s = String(value).replace(BREAKS, ' ');
  if (s.length > max) s = `${s.slice(0, max - 1)}…`;
  if (s.trim() === '') return '(empty)';
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') || s.startsWith(' ') || s.endsWith(' ') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** A fenced code block whose fence no line of `body` can close. */
export function fenced(body: string, info = ''): string {
  const longest = Math.max(2, ...(body.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${body.replace(/\n$/, '')}\n${fence}`;
}
