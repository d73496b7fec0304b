import type { LanguageType } from './get-language-index.js';

/** The .gitattributes overrides Linguist honours; undefined when the attribute is unspecified. */
export interface LinguistAttributes {
  readonly vendored?: boolean;
  readonly generated?: boolean;
  readonly documentation?: boolean;
  readonly detectable?: boolean;
  /** linguist-language: a language name or alias. */
  readonly language?: string;
}

/** What a tree entry is: a blob, a symbolic link (mode 120000) or a submodule (160000). */
export type EntryKind = 'file' | 'symlink' | 'submodule';

/** One entry of the tree walked (git ls-tree -r -l, or the index). */
export interface FileEntry {
  readonly path: string;
  /** Blob size in bytes (0 for submodules). */
  readonly size: number;
  readonly kind: EntryKind;
  readonly attributes?: LinguistAttributes;
}

/** Why a file does not count. `unreadable`: its blob could not be read (it is counted as not_detected). */
export type SkipReason =
  | 'symlink'
  | 'submodule'
  | 'vendored'
  | 'documentation'
  | 'generated'
  | 'unreadable'
  | 'empty'
  | 'binary'
  | 'not_detected';

/** The verdict on one file, with the detector that reached it (linguist.extension, gitattributes.linguist-language...). */
export interface FileClassification {
  readonly path: string;
  readonly bytes: number;
  readonly counted: boolean;
  readonly reason?: SkipReason;
  /** The language detected (before grouping), also for files that do not count. */
  readonly language?: string;
  readonly type?: LanguageType;
  /** The language the bytes count under (the group: TSX counts as TypeScript). Only for counted files. */
  readonly group?: string;
  readonly detector: string;
  /** The rule behind the verdict, when there is one: a generated.rb method, the heuristic candidates... */
  readonly rule?: string;
  /** The .gitattributes overrides that decided something for this file, such as 'linguist-vendored=false'. */
  readonly overrides?: readonly string[];
  /** Under a tests or fixtures path: left out of languages_source_only. */
  readonly test?: boolean;
}

/** Bytes of one language and its share of all counted bytes (percent with two decimals). */
export interface LanguageShare {
  readonly language: string;
  readonly bytes: number;
  readonly percent: number;
}

/** Why a finding was made (defs.v1.json#/definitions/evidence). */
export interface LanguageEvidence {
  readonly file: string;
  readonly detector: string;
  readonly conclusion: string;
}

export type SkipCounts = Readonly<Record<Exclude<SkipReason, 'unreadable'>, number>>;

export interface LanguageScanTotals {
  /** Entries of the tree looked at (files, symbolic links and submodules). */
  readonly files_scanned: number;
  readonly files_counted: number;
  /** Bytes of the counted files: the denominator of `percent` (bootstrap_discovery's totals.bytes). */
  readonly bytes_counted: number;
  /** Files left out, by reason (unreadable blobs count as not_detected). */
  readonly skipped: SkipCounts;
}

/** The language breakdown of a repository, with GitHub Linguist 7.22.1 semantics. */
export interface LanguageScan {
  /** Programming and markup languages by bytes, largest first. */
  readonly languages: readonly LanguageShare[];
  /** The same without tests and fixtures (see isTestPath), largest first. */
  readonly languages_source_only: readonly LanguageShare[];
  readonly totals: LanguageScanTotals;
  /** Per-file verdicts, only when asked for (includeFiles). */
  readonly files?: readonly FileClassification[];
  /** A few representative findings: the largest file of each language, and each .gitattributes override. */
  readonly evidence: readonly LanguageEvidence[];
  /** The commit whose tree was walked; absent when the index was walked. */
  readonly commit?: string;
  readonly tree_source: 'head' | 'index';
  /** The Linguist data the breakdown follows: 7.22.1. */
  readonly linguist_data_version: string;
}
