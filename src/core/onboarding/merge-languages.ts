import type { LanguageScan } from '../bootstrap/language-scanner.js';
import { toShares } from '../bootstrap/languages/build-language-scan.js';

/** Where each part of an onboarding's language breakdown came from. */
export interface LanguageSources {
  /** `languages` (every file): GitHub's own Linguist (`GET /repos/{owner}/{repo}/languages`), or UET from file names when GitHub had none yet. */
  readonly all: 'github' | 'names';
  /** `languages_source_only` (what the profile selector reads): always UET from the tree's file names and sizes. */
  readonly sourceOnly: 'names';
}

/**
 * The breakdown of an onboarding: GitHub's own for every file when it has one (it ran Linguist with the
 * .gitattributes overrides and the contents), and UET's by file name for the source-only breakdown, which GitHub
 * does not compute. Nothing pretends the two came from one scan: `sources` says which is which. Pure.
 */
export function mergeLanguages(
  byName: LanguageScan,
  github: Readonly<Record<string, number>>,
): { scan: LanguageScan; sources: LanguageSources } {
  const counted = Object.entries(github).filter(([, bytes]) => Number.isFinite(bytes) && bytes > 0);
  if (!counted.length) return { scan: byName, sources: { all: 'names', sourceOnly: 'names' } };
  const languages = toShares(new Map(counted));
  const evidence = [
    ...byName.evidence,
    {
      file: '.',
      detector: 'github.languages',
      conclusion: `languages of every file: GitHub's own breakdown (${languages.length} languages)`,
    },
  ];
  return { scan: { ...byName, languages, evidence }, sources: { all: 'github', sourceOnly: 'names' } };
}
