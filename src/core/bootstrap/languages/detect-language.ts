import type { LanguageClassifier } from './create-classifier.js';
import { findInterpreter } from './find-interpreter.js';
import { findModeline } from './find-modeline.js';
import { extensionsOf, getLanguageIndex, type Language, type LanguageIndex } from './get-language-index.js';
import { firstLinesText } from './sample-lines.js';

/** The strategies of Linguist.detect, in order, plus our stand-in for its Bayesian classifier. */
export type Strategy =
  | 'modeline'
  | 'filename'
  | 'shebang'
  | 'extension'
  | 'xml'
  | 'manpage'
  | 'heuristics'
  | 'classifier'
  | 'classifier-fallback';

export interface Detection {
  readonly language: Language;
  /** The strategy that settled it (the last one that narrowed the candidates). */
  readonly strategy: Strategy;
  /** The candidates left when Linguist would have asked its classifier (more than one). */
  readonly candidates?: readonly Language[];
}

/** What the detection reads: the path, the blob size and its first bytes (up to 128 KiB). */
export interface DetectionInput {
  readonly path: string;
  readonly size: number;
  /** The first bytes of the blob as a binary string (one char per byte). */
  readonly sample: string;
}

/** Blobs over 1 MiB are not "viewable": the modeline and XML strategies see no lines. */
const MEGABYTE = 1024 * 1024;
/** Heuristics and the classifier read the first 50 KiB. */
const HEURISTICS_CONSIDER_BYTES = 50 * 1024;
const MANPAGE_EXTS = /\.(?:[1-9](?![0-9])[a-z_0-9]*|0p|n|man|mdoc)(?:\.in)?$/i;

/** Candidates in `previous` (when there are any) that are also in `found`: Linguist's `candidates & languages`. */
function narrow(previous: readonly Language[], found: readonly Language[]): readonly Language[] {
  return previous.length ? previous.filter((l) => found.includes(l)) : found;
}

/**
 * Where Linguist asks its Bayesian classifier to choose among several candidates, pick deterministically,
 * by the first of: the candidate whose primary (first) extension is the file's extension; a popular
 * language (popular.yml); the one with the most classifier samples (the classifier's prior); the first
 * candidate. See docs/decisions/0004-linguist-compatibility.md.
 */
function pickFallback(candidates: readonly Language[], path: string): Language {
  const exts = extensionsOf(path);
  const key = (l: Language) => [exts.includes(l.primaryExtension) ? 1 : 0, l.popular ? 1 : 0, l.samples];
  let best = candidates[0]!;
  let bestKey = key(best);
  for (const c of candidates.slice(1)) {
    const k = key(c);
    const i = k.findIndex((v, j) => v !== bestKey[j]);
    if (i >= 0 && k[i]! > bestKey[i]!) {
      best = c;
      bestKey = k;
    }
  }
  return best;
}

type Step = (
  input: DetectionInput,
  candidates: readonly Language[],
  index: LanguageIndex,
) => readonly Language[];

const viewable = (input: DetectionInput) => input.size <= MEGABYTE;

const STEPS: readonly (readonly [Strategy, Step])[] = [
  [
    'modeline',
    (input, _c, index) => {
      const mode = viewable(input) ? findModeline(input.sample) : undefined;
      const language = mode === undefined ? undefined : index.byAlias(mode);
      return language ? [language] : [];
    },
  ],
  ['filename', (input, c, index) => narrow(c, index.byFilename(input.path))],
  [
    'shebang',
    (input, c, index) => {
      const interpreter = findInterpreter(input.sample);
      return interpreter === undefined ? [] : narrow(c, index.byInterpreter(interpreter));
    },
  ],
  [
    'extension',
    (input, c, index) =>
      index.isGenericExtension(input.path) ? c : narrow(c, index.byExtension(input.path)),
  ],
  [
    'xml',
    (input, c, index) => {
      if (c.length) return c;
      const header = viewable(input) ? firstLinesText(input.sample, 2) : '';
      // Ruby's /<?xml version=/: the '<' is optional.
      const xml = index.byAlias('xml');
      return header.includes('xml version=') && xml ? [xml] : [];
    },
  ],
  [
    'manpage',
    (input, c, index) => {
      if (c.length || !MANPAGE_EXTS.test(input.path)) return c;
      return [index.byAlias('roff-manpage'), index.byAlias('roff')].filter((l) => l !== undefined);
    },
  ],
  [
    'heuristics',
    (input, _c, index) => {
      const rules = index.heuristicFor(input.path);
      if (!rules) return [];
      const content = input.sample.slice(0, HEURISTICS_CONSIDER_BYTES);
      return rules.find((rule) => rule.test(content))?.languages ?? [];
    },
  ],
];

/**
 * Linguist.detect for a text blob (the caller has ruled out binary and empty blobs): each strategy in turn,
 * stopping at the first that leaves exactly one candidate; a strategy that finds none keeps the previous
 * candidates. Several candidates left go to `classifier` (Linguist's Bayesian classifier, see
 * loadClassifier) or, without one, to a deterministic pick ('classifier-fallback'). Returns undefined
 * when no strategy finds a language.
 */
export function detectLanguage(
  input: DetectionInput,
  index: LanguageIndex = getLanguageIndex(),
  classifier?: LanguageClassifier,
): Detection | undefined {
  let candidates: readonly Language[] = [];
  for (const [strategy, step] of STEPS) {
    const found = step(input, candidates, index);
    if (found.length === 0) continue;
    candidates = found;
    if (found.length === 1) return { language: found[0]!, strategy };
  }
  if (candidates.length === 0) return undefined;
  const ranked = classifier?.(input.sample, candidates)[0];
  if (ranked) return { language: ranked, strategy: 'classifier', candidates };
  return { language: pickFallback(candidates, input.path), strategy: 'classifier-fallback', candidates };
}
