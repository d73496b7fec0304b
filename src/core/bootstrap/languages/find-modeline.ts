import { firstLinesEnd, firstLinesText, lastLinesStart, lastLinesText } from './sample-lines.js';

/**
 * Linguist's Strategy::Modeline regexes (lib/linguist/strategy/modeline.rb, 7.22.1), translated from Ruby
 * extended syntax. Ruby's `.` excludes only \n and its `^`/`$` are line anchors, hence [^\n] and the
 * lookarounds. Ruby's \s is ASCII, hence [\t-\r ].
 */
const EMACS_MODELINE =
  /-\*-(?:[ \t]*(?=[^:;\t-\r ]+[ \t]*-\*-)|(?:[^\n]*?[ \t;]|(?<=-\*-))[ \t]*mode[ \t]*:[ \t]*)([^:;\t-\r ]+)(?=[ \t;]|(?<![-*])-\*-)[^\n]*?-\*-/i;

const VIM_MODELINE =
  /(?:(?:(?<![^\n])|[ \t])(?:vi|Vi(?=m))(?:m[<=>]?[0-9]+|m)?|[ \t]ex)(?=:(?=[ \t]*set?[ \t][^\r\n:]+:)|:(?![ \t]*set?[ \t]))(?:(?:[ \t]*:[ \t]*|[ \t])\w*(?:[ \t]*=(?:[^\\\t-\r ]|\\[^\n])*)?)*[ \t:](?:filetype|ft|syntax)[ \t]*=(\w+)(?=(?![^\n])|[\t-\r ]|:)/;

const VIM_FILETYPE = /(?:filetype|ft|syntax)[ \t]*=/;
const mayHaveModeline = (text: string) => text.includes('-*-') || VIM_FILETYPE.test(text);

/** Samples up to this length are checked whole before their first and last lines are cut out. */
const WHOLE_SAMPLE = 4096;

/** Lines searched at each end of the file. */
const SEARCH_SCOPE = 5;

/** The mode named by an Emacs or Vim modeline in `text`, if any (Modeline.modeline). */
export function modelineMode(text: string): string | undefined {
  // Cheap necessary conditions first: an Emacs modeline has -*-, a Vim one sets filetype, ft or syntax.
  const emacs = text.includes('-*-') ? EMACS_MODELINE.exec(text) : null;
  if (emacs) return emacs[1];
  return VIM_FILETYPE.test(text) ? VIM_MODELINE.exec(text)?.[1] : undefined;
}

/**
 * The modeline of a content sample: searched in its first and last five lines (Modeline.call). Returns
 * undefined for Vimball files, whose modeline does not describe them.
 */
export function findModeline(sample: string): string | undefined {
  // Most files have no modeline. A small sample is checked whole, without cutting out its ends: what its first or
  // last lines hold, it holds.
  if (sample.length <= WHOLE_SAMPLE && !mayHaveModeline(sample) && !sample.includes('UseVimball')) return undefined;
  // Cheap necessary condition on the raw first and last lines first.
  const head = sample.slice(0, firstLinesEnd(sample, SEARCH_SCOPE));
  const tail = sample.slice(lastLinesStart(sample, SEARCH_SCOPE).start);
  if (!mayHaveModeline(head) && !mayHaveModeline(tail) && !head.includes('UseVimball')) return undefined;
  const header = firstLinesText(sample, SEARCH_SCOPE);
  if (header.includes('UseVimball')) return undefined;
  const footer = lastLinesText(sample, SEARCH_SCOPE);
  return modelineMode(header + footer);
}
