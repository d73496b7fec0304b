import { createClassifier, type LanguageClassifier } from './create-classifier.js';

let loading: Promise<LanguageClassifier> | undefined;

/**
 * Linguist's classifier with its training counts. The counts (1.6 MB) are imported on first call only,
 * since most repositories never need them; later calls share the same classifier.
 */
export function loadClassifier(): Promise<LanguageClassifier> {
  return (loading ??= import('./linguist-classifier.generated.js').then((m) =>
    createClassifier(m.classifierData),
  ));
}
