/** One language's bytes and share, as the language scanner reports it (sorted by bytes, largest first). */
export interface ScannedLanguage {
  readonly language: string;
  readonly bytes: number;
  readonly percent: number;
}

/** What the language scanner (src/adapters/bootstrap/languages/scan-languages.ts) returns. */
export interface LanguageScan {
  readonly languages: readonly ScannedLanguage[];
  /** The same breakdown with tests and fixtures excluded. */
  readonly languages_source_only: readonly ScannedLanguage[];
  readonly totals: {
    readonly files_scanned: number;
    readonly files_counted: number;
    readonly bytes_counted: number;
    /** Files left out, by reason. */
    readonly skipped?: Readonly<Record<string, number>>;
  };
  readonly evidence: readonly { readonly file: string; readonly detector: string; readonly conclusion: string }[];
  /** The Linguist data version the breakdown follows (7.22.1). */
  readonly linguist_data_version?: string;
}

/** The language scanner's signature; bootstrap takes it as a dependency so that tests can pass a fake. */
export type LanguageScanner = (repoDir: string, options?: { includeFiles?: boolean }) => Promise<LanguageScan>;
