import type { Language } from './get-language-index.js';
import type { ClassifierData } from './linguist-index-data.js';
import { tokenize } from './tokenize.js';

/** Ranks candidate languages for a content sample, most probable first (Linguist's Classifier.call). */
export type LanguageClassifier = (sample: string, candidates: readonly Language[]) => Language[];

/** The classifier reads the first 50 KiB. */
const CLASSIFIER_CONSIDER_BYTES = 50 * 1024;

interface Model {
  readonly samples: number;
  readonly total: number;
  /** Token indexes, ascending, and their counts. */
  readonly indexes: Int32Array;
  readonly counts: Int32Array;
}

/** Index of `key` in a sorted array (default JS string order), or -1; no map to build at load time. */
function search(sorted: readonly string[] | Int32Array, key: string | number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === key) return mid;
    if (v < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Linguist's naive Bayes classifier (lib/linguist/classifier.rb, 7.22.1) over its training counts: the
 * score of a language is the sum over the sample's tokens of count x log P(token | language) (unseen
 * tokens get log(1 / all tokens)) plus log P(language). Ties keep the candidates' order.
 */
export function createClassifier(data: ClassifierData): LanguageClassifier {
  const models = new Map<string, Model | undefined>();
  const unknown = Math.log(1 / data.tokensTotal);
  const model = (name: string): Model | undefined => {
    if (models.has(name)) return models.get(name);
    const row = data.languages[name];
    let m: Model | undefined;
    if (row) {
      const n = (row.length - 2) >> 1;
      const indexes = new Int32Array(n);
      const counts = new Int32Array(n);
      for (let k = 0, i = 0; k < n; k++) {
        i += row[2 + 2 * k]!;
        indexes[k] = i;
        counts[k] = row[3 + 2 * k]!;
      }
      m = { samples: row[0]!, total: row[1]!, indexes, counts };
    }
    models.set(name, m);
    return m;
  };
  return (sample, candidates) => {
    const counts = new Map<string, number>();
    for (const t of tokenize(sample.slice(0, CLASSIFIER_CONSIDER_BYTES)))
      counts.set(t, (counts.get(t) ?? 0) + 1);
    const indexes = new Map([...counts.keys()].map((t) => [t, search(data.tokens, t)]));
    const scored = candidates.map((language) => {
      const m = model(language.name);
      if (!m) return { language, score: -Infinity };
      let sum = 0;
      for (const [token, count] of counts) {
        const at = search(m.indexes, indexes.get(token)!);
        const c = at < 0 ? 0 : m.counts[at]!;
        sum += count * (c ? Math.log(c / m.total) : unknown);
      }
      return { language, score: sum + Math.log(m.samples / data.languagesTotal) };
    });
    return scored.sort((a, b) => b.score - a.score).map((s) => s.language);
  };
}
