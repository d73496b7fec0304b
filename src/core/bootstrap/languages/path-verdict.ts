import { generatedByPath } from './generated-by-path.js';
import type { LanguageIndex } from './get-language-index.js';
import type { FileEntry, LinguistAttributes, SkipReason } from './language-scan.js';

/** A verdict reached from the path, mode and attributes alone, before any content is read. */
export interface PathVerdict {
  readonly reason: SkipReason;
  readonly detector: string;
  readonly rule?: string;
}

type Flag = 'vendored' | 'documentation' | 'generated';

/** `linguist-<flag>=...` when the attribute decides, as LazyBlob#vendored? etc. do. */
export function attributeOverride(
  attributes: LinguistAttributes | undefined,
  flag: Flag,
): string | undefined {
  const value = attributes?.[flag];
  return value === undefined ? undefined : `linguist-${flag}=${String(value)}`;
}

/**
 * Symbolic links and submodules are skipped (Repository#compute_stats); then, in the order of
 * BlobHelper#include_in_language_stats?, vendored (vendor.yml), documentation (documentation.yml) and the
 * path checks of generated.rb, each overridden by its .gitattributes attribute when that is set.
 * Returns undefined when the path alone does not exclude the file.
 */
export function pathVerdict(entry: FileEntry, index: LanguageIndex): PathVerdict | undefined {
  // needsContent and then classifyFile ask for the same entry: remember the last answer. (A WeakMap of
  // every entry cost more than the checks it saved: 40k ephemerons to create and collect.)
  if (entry === last.entry && index === last.index) return last.verdict;
  const verdict = computeVerdict(entry, index);
  last = { entry, index, verdict };
  return verdict;
}

let last: { entry?: FileEntry; index?: LanguageIndex; verdict: PathVerdict | undefined } = {
  verdict: undefined,
};

function computeVerdict(entry: FileEntry, index: LanguageIndex): PathVerdict | undefined {
  if (entry.kind === 'symlink') return { reason: 'symlink', detector: 'git.mode' };
  if (entry.kind === 'submodule') return { reason: 'submodule', detector: 'git.mode' };
  const a = entry.attributes;
  if (a?.vendored ?? index.isVendored(entry.path)) {
    return a?.vendored === undefined
      ? { reason: 'vendored', detector: 'linguist.vendor' }
      : { reason: 'vendored', detector: 'gitattributes.linguist-vendored' };
  }
  if (a?.documentation ?? index.isDocumentation(entry.path)) {
    return a?.documentation === undefined
      ? { reason: 'documentation', detector: 'linguist.documentation' }
      : { reason: 'documentation', detector: 'gitattributes.linguist-documentation' };
  }
  if (a?.generated === true) return { reason: 'generated', detector: 'gitattributes.linguist-generated' };
  if (a?.generated === undefined) {
    const rule = generatedByPath(entry.path);
    if (rule) return { reason: 'generated', detector: 'linguist.generated', rule };
  }
  return undefined;
}
