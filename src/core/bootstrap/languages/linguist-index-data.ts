/**
 * The shape of the generated Linguist index (linguist-index.generated.ts, built by
 * scripts/linguist/build-index.mjs from vendor/linguist). Language references are indexes into `languages`.
 */

/** p programming, m markup, d data, x prose (Linguist's four types). */
export type LanguageTypeCode = 'p' | 'm' | 'd' | 'x';

/**
 * [name, type, group (an index, itself when ungrouped), popular (0/1), number of classifier samples,
 * primary extension (the first of languages.yml, lower-case; '' when none)]
 */
export type LanguageRow = readonly [string, LanguageTypeCode, number, 0 | 1, number, string];

/** A regex source (JavaScript, compiled with no flags), a union, a conjunction or a negation. */
export type HeuristicCondition =
  | string
  | { readonly any: readonly string[] }
  | { readonly and: readonly HeuristicCondition[] }
  | { readonly not: string };

export interface HeuristicRule {
  /** One language, or several (then the classifier would choose among them). */
  readonly language: number | readonly number[];
  /** Absent: the rule always matches. */
  readonly when?: HeuristicCondition;
}

export interface HeuristicData {
  /** Suffixes of the file name this disambiguation applies to, such as '.h'. */
  readonly extensions: readonly string[];
  readonly rules: readonly HeuristicRule[];
}

/**
 * A union of path regexes, split for speed: `anchored` matches at the start of the path, each of
 * `segment` at the start of any path segment (the path start or just after a '/'), `free` anywhere.
 * `segmentFirst[i]` lists the characters segment[i] can start with ('' when unknown: any).
 */
export interface PathPatterns {
  readonly anchored: string;
  readonly segment: readonly string[];
  readonly segmentFirst: readonly string[];
  readonly free: string;
}

export interface LinguistIndexData {
  readonly version: string;
  readonly languages: readonly LanguageRow[];
  /** Lower-case alias (including each language's default alias) to language. */
  readonly aliases: Readonly<Record<string, number>>;
  /** Lower-case extension with its dot ('.d.ts', '.h') to candidate languages, in languages.yml order. */
  readonly extensions: Readonly<Record<string, readonly number[]>>;
  /** Exact base name ('Makefile') to candidate languages. */
  readonly filenames: Readonly<Record<string, readonly number[]>>;
  /** Interpreter name from a shebang ('python3') to candidate languages. */
  readonly interpreters: Readonly<Record<string, readonly number[]>>;
  /** Extensions too common to trust alone (generic.yml). */
  readonly generic: readonly string[];
  /** vendor.yml and documentation.yml: each a union of regexes matched against the path. */
  readonly vendor: PathPatterns;
  readonly documentation: PathPatterns;
  readonly heuristics: readonly HeuristicData[];
}

/** The classifier's training counts (linguist-classifier.generated.ts), for the languages that can be candidates. */
export interface ClassifierData {
  readonly tokensTotal: number;
  readonly languagesTotal: number;
  /** Every token, sorted; referenced by index. */
  readonly tokens: readonly string[];
  /** Per language: [samples, token total, then (token index delta, count) pairs with indexes ascending]. */
  readonly languages: Readonly<Record<string, readonly number[]>>;
}
