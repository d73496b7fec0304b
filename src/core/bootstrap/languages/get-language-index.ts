import { compilePathPatterns } from './compile-path-patterns.js';
import type { HeuristicCondition, HeuristicData, LanguageTypeCode } from './linguist-index-data.js';
import { linguistIndexData as data } from './linguist-index.generated.js';

export type LanguageType = 'programming' | 'markup' | 'data' | 'prose';

/** One Linguist language (languages.yml). */
export interface Language {
  readonly name: string;
  readonly type: LanguageType;
  /** The language its bytes count under: itself, or its `group` (TSX counts as TypeScript). */
  readonly group: string;
  /** In popular.yml. */
  readonly popular: boolean;
  /** Number of classifier training samples (the classifier's prior). */
  readonly samples: number;
  /** Its first extension in languages.yml (lower-case, with the dot), '' when it has none. */
  readonly primaryExtension: string;
}

export interface CompiledRule {
  readonly languages: readonly Language[];
  /** Whether the rule matches the content (the first 50 KiB). */
  readonly test: (content: string) => boolean;
}

/** The lookups Linguist's strategies use, built once from the generated index. */
export interface LanguageIndex {
  readonly version: string;
  readonly languages: readonly Language[];
  /** Language.find_by_alias: case-insensitive, also tried on the text before the first comma. */
  byAlias(alias: string): Language | undefined;
  /** Language.find_by_extension: the first extension of the base name ('.d.ts' before '.ts') that has languages. */
  byExtension(path: string): readonly Language[];
  /** Language.find_by_filename: the exact base name. */
  byFilename(path: string): readonly Language[];
  byInterpreter(interpreter: string): readonly Language[];
  /** Extension strategy: names ending in a generic extension (generic.yml) are not trusted alone. */
  isGenericExtension(path: string): boolean;
  /** Matches vendor.yml (BlobHelper#vendored?). */
  isVendored(path: string): boolean;
  /** Matches documentation.yml (BlobHelper#documentation?). */
  isDocumentation(path: string): boolean;
  /** The first disambiguation of heuristics.yml whose extensions end the (lower-cased) path. */
  heuristicFor(path: string): readonly CompiledRule[] | undefined;
}

const TYPES: Record<LanguageTypeCode, LanguageType> = {
  p: 'programming',
  m: 'markup',
  d: 'data',
  x: 'prose',
};
const NONE: readonly Language[] = [];

function compileCondition(condition: HeuristicCondition): (content: string) => boolean {
  if (typeof condition === 'string') {
    const re = new RegExp(condition);
    return (content) => re.test(content);
  }
  if ('any' in condition) {
    const res = condition.any.map((source) => new RegExp(source));
    return (content) => res.some((re) => re.test(content));
  }
  if ('and' in condition) {
    const parts = condition.and.map(compileCondition);
    return (content) => parts.every((part) => part(content));
  }
  const re = new RegExp(condition.not);
  return (content) => !re.test(content);
}

/** File-name extensions as Linguist's Blob#extensions: 'a.d.ts' gives ['.d.ts', '.ts']. */
export function extensionsOf(path: string): string[] {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const out: string[] = [];
  for (let dot = base.indexOf('.'); dot >= 0; dot = base.indexOf('.', dot + 1)) out.push(base.slice(dot));
  return out;
}

function buildIndex(): LanguageIndex {
  const languages: Language[] = data.languages.map(([name, type, , popular, samples, primaryExtension]) => ({
    name,
    type: TYPES[type],
    group: name,
    popular: popular === 1,
    samples,
    primaryExtension,
  }));
  data.languages.forEach(([, , group], i) => {
    const language = languages[i]!;
    (language as { group: string }).group = languages[group]!.name;
  });
  const toLanguages = (ids: readonly number[] | undefined): readonly Language[] =>
    ids ? ids.map((id) => languages[id]!) : NONE;
  const toMap = (table: Readonly<Record<string, readonly number[]>>) =>
    new Map(Object.entries(table).map(([key, ids]) => [key, toLanguages(ids)]));
  const extensionTable = toMap(data.extensions);
  const filenameTable = toMap(data.filenames);
  const interpreterTable = toMap(data.interpreters);
  const compiled = new Map<HeuristicData, readonly CompiledRule[]>();
  const compileHeuristic = (h: HeuristicData): readonly CompiledRule[] =>
    h.rules.map((rule) => ({
      languages: typeof rule.language === 'number' ? [languages[rule.language]!] : toLanguages(rule.language),
      test: rule.when === undefined ? () => true : compileCondition(rule.when),
    }));
  const heuristicByExtension = new Map<string, number>();
  data.heuristics.forEach((h, i) => {
    for (const ext of h.extensions) if (!heuristicByExtension.has(ext)) heuristicByExtension.set(ext, i);
  });
  const byAliasExact = (alias: string) =>
    Object.hasOwn(data.aliases, alias) ? languages[data.aliases[alias]!] : undefined;

  // byExtension, heuristicFor and isGenericExtension depend only on the base name from its first dot,
  // lower-cased ('a.D.ts' -> '.d.ts'), and a repository has few of those: remember their answers.
  interface BySuffix {
    readonly extension: readonly Language[];
    readonly heuristic: number | undefined;
    readonly generic: boolean;
  }
  const suffixes = new Map<string, BySuffix>();
  const NO_SUFFIX: BySuffix = { extension: NONE, heuristic: undefined, generic: false };
  const lookUp = (suffix: string): BySuffix => {
    let extension = NONE;
    let heuristic: number | undefined;
    for (let dot = 0; dot >= 0; dot = suffix.indexOf('.', dot + 1)) {
      const ext = suffix.slice(dot);
      const found = extensionTable.get(ext);
      if (extension === NONE && found?.length) extension = found;
      const at = heuristicByExtension.get(ext);
      if (at !== undefined && (heuristic === undefined || at < heuristic)) heuristic = at;
    }
    return { extension, heuristic, generic: data.generic.some((ext) => suffix.endsWith(ext)) };
  };
  let lastPath: string | undefined;
  let lastFound = NO_SUFFIX;
  let lastNamed: string | undefined;
  let lastByName: readonly Language[] = NONE;
  const bySuffix = (path: string): BySuffix => {
    // The checks of one file ask about the same path several times in a row: remember the last answer.
    if (path === lastPath) return lastFound;
    lastFound = suffixOf(path);
    lastPath = path;
    return lastFound;
  };
  const suffixOf = (path: string): BySuffix => {
    const slash = path.lastIndexOf('/');
    const dot = path.indexOf('.', slash + 1);
    if (dot < 0) return NO_SUFFIX;
    const suffix = path.slice(dot).toLowerCase();
    let found = suffixes.get(suffix);
    if (!found) {
      if (suffixes.size >= 10_000) suffixes.clear(); // bounded, whatever the paths
      suffixes.set(suffix, (found = lookUp(suffix)));
    }
    return found;
  };

  return {
    version: data.version,
    languages,
    byAlias(alias) {
      if (alias === '') return undefined;
      const lower = alias.toLowerCase();
      return byAliasExact(lower) ?? byAliasExact(lower.split(',', 1)[0]!);
    },
    byExtension: (path) => bySuffix(path).extension,
    byFilename: (path) => {
      if (path === lastNamed) return lastByName;
      lastByName = filenameTable.get(path.slice(path.lastIndexOf('/') + 1)) ?? NONE;
      lastNamed = path;
      return lastByName;
    },
    byInterpreter: (interpreter) => interpreterTable.get(interpreter) ?? NONE,
    // generic.yml's entries are extensions (with their dot): the name ends with one iff its suffix does.
    isGenericExtension: (path) => bySuffix(path).generic,
    isVendored: compilePathPatterns(data.vendor),
    isDocumentation: compilePathPatterns(data.documentation),
    heuristicFor(path) {
      // The first disambiguation (in file order) with an extension that ends the name.
      const best = bySuffix(path).heuristic;
      if (best === undefined) return undefined;
      const h = data.heuristics[best]!;
      let rules = compiled.get(h);
      if (!rules) compiled.set(h, (rules = compileHeuristic(h)));
      return rules;
    },
  };
}

let index: LanguageIndex | undefined;

/** The Linguist 7.22.1 language index (built on first use, then shared). */
export function getLanguageIndex(): LanguageIndex {
  return (index ??= buildIndex());
}
