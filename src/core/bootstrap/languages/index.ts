export { buildLanguageScan, toShares, type BuildLanguageScanOptions } from './build-language-scan.js';
export { classifyContent, classifyFile, type BlobSample } from './classify-file.js';
export { createClassifier, type LanguageClassifier } from './create-classifier.js';
export { detectLanguage, type Detection, type DetectionInput, type Strategy } from './detect-language.js';
export {
  getLanguageIndex,
  type Language,
  type LanguageIndex,
  type LanguageType,
} from './get-language-index.js';
export { isTestPath } from './is-test-path.js';
export { loadClassifier } from './load-classifier.js';
export type {
  EntryKind,
  FileClassification,
  FileEntry,
  LanguageEvidence,
  LanguageScan,
  LanguageScanTotals,
  LanguageShare,
  LinguistAttributes,
  SkipCounts,
  SkipReason,
} from './language-scan.js';
export { needsContent, SAMPLE_BYTES } from './needs-content.js';
export { tokenize } from './tokenize.js';
export { totalVariationPp } from './total-variation.js';
