/** A 1-based line and column in a text file. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** The line and column of a character offset (columns count UTF-16 code units, as editors do). */
export function sourcePosition(text: string, offset: number): SourcePosition {
  const before = text.slice(0, Math.max(0, offset));
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) line++;
  return { line, column: offset - lineStart + 1 };
}

/** The offending line with a caret under the column, indented for an error message. */
export function renderSnippet(text: string, { line, column }: SourcePosition): string {
  const source = (text.split('\n')[line - 1] ?? '').replace(/\r$/, '').replace(/\t/g, ' ');
  if (source.length > 160) return '';
  const gutter = String(line);
  return `\n  ${gutter} | ${source}\n  ${' '.repeat(gutter.length)} | ${' '.repeat(Math.max(0, column - 1))}^`;
}
