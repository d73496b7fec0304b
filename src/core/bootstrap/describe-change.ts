import { diffLines, structuredPatch } from 'diff';

/** How writing an artifact would change the file there. */
export interface ArtifactChange {
  readonly state: 'new' | 'changed' | 'unchanged';
  /** Lines of the new text. */
  readonly lines: number;
  readonly added: number;
  readonly removed: number;
  /** For a changed file: the difference as unified-diff hunks (`@@ -a,b +c,d @@`, then ` `, `-`, `+` lines). */
  readonly diff?: readonly string[];
}

const countLines = (text: string) => (text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0));

/** The generation time changes on every run; it alone does not make an artifact new. */
const timeless = (text: string) => text.replace(/^(\s*"?generated_at"?:\s*).*$/gm, '$1');

/**
 * Compares the file as it is (undefined when absent) with the text bootstrap would write; a file that differs only
 * in its generated_at is unchanged. Pure.
 */
export function describeChange(current: string | undefined, next: string): ArtifactChange {
  const lines = countLines(next);
  if (current === undefined) return { state: 'new', lines, added: lines, removed: 0 };
  if (timeless(current) === timeless(next)) return { state: 'unchanged', lines, added: 0, removed: 0 };
  let added = 0;
  let removed = 0;
  for (const part of diffLines(current, next)) {
    if (part.added) added += part.count;
    else if (part.removed) removed += part.count;
  }
  const hunks = structuredPatch('current', 'generated', timeless(current), timeless(next), '', '', { context: 2 }).hunks;
  const diff = hunks.flatMap((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines]);
  return { state: 'changed', lines, added, removed, diff };
}
