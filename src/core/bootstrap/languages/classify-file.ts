import type { LanguageClassifier } from './create-classifier.js';
import { detectLanguage, type Strategy } from './detect-language.js';
import { generatedByContent } from './generated-by-content.js';
import { getLanguageIndex, type Language, type LanguageIndex } from './get-language-index.js';
import { isBinarySample } from './is-binary-sample.js';
import type { FileClassification, FileEntry, SkipReason } from './language-scan.js';
import { attributeOverride, pathVerdict } from './path-verdict.js';

/**
 * The content of a blob as classification sees it: its first bytes (up to SAMPLE_BYTES) as a binary
 * string (one char per byte, e.g. Buffer#toString('latin1')); undefined when it was not read (see
 * needsContent); null when it could not be read.
 */
export type BlobSample = string | null | undefined;

type Mutable = { -readonly [K in keyof FileClassification]: FileClassification[K] };

const NO_OVERRIDES: readonly string[] = [];

const DETECTORS: Readonly<Record<Strategy, string>> = {
  modeline: 'linguist.modeline',
  filename: 'linguist.filename',
  shebang: 'linguist.shebang',
  extension: 'linguist.extension',
  xml: 'linguist.xml',
  manpage: 'linguist.manpage',
  heuristics: 'linguist.heuristics',
  classifier: 'linguist.classifier',
  'classifier-fallback': 'linguist.classifier-fallback',
};

/** A verdict that does not count (a plain object literal with every key: this runs for every file). */
function skipped(
  entry: FileEntry,
  overrides: readonly string[],
  reason: SkipReason,
  detector: string,
  rule: string | undefined,
  language: Language | undefined,
): FileClassification {
  const out: Mutable = { path: entry.path, bytes: entry.size, counted: false, reason, detector };
  if (rule !== undefined) out.rule = rule;
  if (language) {
    out.language = language.name;
    out.type = language.type;
  }
  if (overrides.length) out.overrides = overrides;
  return out;
}

const countable = (l: Language) => l.type === 'programming' || l.type === 'markup';

function overridesOf(entry: FileEntry): string[] {
  const out: string[] = [];
  for (const flag of ['vendored', 'documentation', 'generated'] as const) {
    const o = attributeOverride(entry.attributes, flag);
    if (o) out.push(o);
  }
  const a = entry.attributes;
  if (a?.language !== undefined) out.push(`linguist-language=${a.language}`);
  if (a?.detectable !== undefined) out.push(`linguist-detectable=${String(a.detectable)}`);
  return out;
}

/**
 * Decides whether one file counts in the language breakdown, and under which language, as Linguist 7.22.1
 * does for a blob of a commit (Repository#compute_stats, BlobHelper#include_in_language_stats?,
 * Linguist.detect), with the .gitattributes overrides of LazyBlob. Pure: the caller supplies the entry,
 * its attributes, its sample and, for files with several candidates left, the classifier (without it the
 * verdict is a deterministic 'classifier-fallback' pick, which the caller may redo with loadClassifier).
 */
export function classifyFile(
  entry: FileEntry,
  sample: BlobSample,
  index: LanguageIndex = getLanguageIndex(),
  classifier?: LanguageClassifier,
): FileClassification {
  const verdict = pathVerdict(entry, index);
  if (!verdict) return classifyContent(entry, sample, index, classifier);
  const overrides = entry.attributes ? overridesOf(entry) : NO_OVERRIDES;
  return skipped(entry, overrides, verdict.reason, verdict.detector, verdict.rule, undefined);
}

/**
 * classifyFile for an entry whose path, mode and attributes do not decide (pathVerdict gives undefined), as
 * for every entry that needsContent asks to read: the scanner, which has checked the path already, skips
 * checking it again for each blob it reads.
 */
export function classifyContent(
  entry: FileEntry,
  sample: BlobSample,
  index: LanguageIndex = getLanguageIndex(),
  classifier?: LanguageClassifier,
): FileClassification {
  const overrides = entry.attributes ? overridesOf(entry) : NO_OVERRIDES;
  const skip = (reason: SkipReason, detector: string, rule?: string, language?: Language) =>
    skipped(entry, overrides, reason, detector, rule, language);

  if (sample === null) return skip('unreadable', 'git.cat-file');
  const data = sample ?? '';
  const a = entry.attributes;
  if (a?.generated === undefined && data !== '') {
    const rule = generatedByContent(entry.path, data);
    if (rule) return skip('generated', 'linguist.generated', rule);
  }

  let language: Language | undefined;
  let detector: string;
  let rule: string | undefined;
  if (a?.language !== undefined) {
    // LazyBlob#language: the attribute replaces detection (no binary or empty check).
    language = index.byAlias(a.language);
    detector = 'gitattributes.linguist-language';
    if (!language) return skip('not_detected', detector, `unknown language ${a.language}`);
  } else if (sample === undefined && entry.size > 0) {
    // Not read (needsContent): the first language its name suggests (none of them can count).
    const byName = index.byFilename(entry.path)[0] ?? index.byExtension(entry.path)[0];
    return skip('not_detected', 'linguist.name-only', undefined, byName);
  } else {
    if (data === '') return skip('empty', 'git.ls-tree');
    if (isBinarySample(data)) return skip('binary', 'linguist.binary');
    const detection = detectLanguage({ path: entry.path, size: entry.size, sample: data }, index, classifier);
    if (!detection) return skip('not_detected', 'linguist.no-strategy');
    language = detection.language;
    detector = DETECTORS[detection.strategy];
    if (detection.candidates) rule = `candidates: ${detection.candidates.map((l) => l.name).join(', ')}`;
  }

  const counts = a?.detectable ?? countable(language);
  if (!counts) {
    const why = a?.detectable === false ? 'gitattributes.linguist-detectable' : detector;
    return skip('not_detected', why, rule, language);
  }
  const out: Mutable = {
    path: entry.path,
    bytes: entry.size,
    counted: true,
    language: language.name,
    type: language.type,
    group: language.group,
    detector,
  };
  if (rule !== undefined) out.rule = rule;
  if (overrides.length) out.overrides = overrides;
  return out;
}
