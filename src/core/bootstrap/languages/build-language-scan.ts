import { isTestPath } from './is-test-path.js';
import type {
  FileClassification,
  LanguageEvidence,
  LanguageScan,
  LanguageShare,
  SkipCounts,
} from './language-scan.js';

export interface BuildLanguageScanOptions {
  /** Keep the per-file verdicts in `files`. */
  readonly includeFiles?: boolean;
  readonly commit?: string;
  readonly treeSource: 'head' | 'index';
  readonly linguistDataVersion: string;
}

/** Languages with a top-file evidence entry, and override evidence entries per attribute value. */
const TOP_LANGUAGES = 10;
const OVERRIDE_EXAMPLES = 5;

/** Byte totals per language as shares: largest first (ties by name), percent of the total with 2 decimals. */
export function toShares(bytes: ReadonlyMap<string, number>): LanguageShare[] {
  let total = 0;
  for (const b of bytes.values()) total += b;
  return [...bytes]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .map(([language, b]) => ({
      language,
      bytes: b,
      percent: total ? Math.round((b / total) * 10_000) / 100 : 0,
    }));
}

function topFileEvidence(
  files: readonly FileClassification[],
  shares: readonly LanguageShare[],
): LanguageEvidence[] {
  const largest = new Map<string, FileClassification>();
  const count = new Map<string, number>();
  for (const f of files) {
    if (!f.counted || f.group === undefined) continue;
    count.set(f.group, (count.get(f.group) ?? 0) + 1);
    const best = largest.get(f.group);
    if (!best || f.bytes > best.bytes) largest.set(f.group, f);
  }
  return shares.slice(0, TOP_LANGUAGES).flatMap((share) => {
    const f = largest.get(share.language);
    if (!f) return [];
    const as = f.language !== share.language ? ` (${f.language}, grouped under ${share.language})` : '';
    return [
      {
        file: f.path,
        detector: f.detector,
        conclusion: `${share.language}${as}: largest of ${count.get(share.language)} files, ${f.bytes} bytes; ${share.language} is ${share.percent}% of counted bytes`,
      },
    ];
  });
}

function verdictText(f: FileClassification): string {
  return f.counted ? `counted as ${f.group ?? f.language ?? '?'}` : `not counted (${f.reason ?? '?'})`;
}

function overrideEvidence(files: readonly FileClassification[]): LanguageEvidence[] {
  const byOverride = new Map<string, { examples: FileClassification[]; count: number }>();
  for (const f of files) {
    if (!f.overrides) continue;
    for (const o of f.overrides) {
      let hits = byOverride.get(o);
      if (!hits) byOverride.set(o, (hits = { examples: [], count: 0 }));
      hits.count++;
      if (hits.examples.length < OVERRIDE_EXAMPLES) hits.examples.push(f);
    }
  }
  return [...byOverride]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .flatMap(([override, hits]) => {
      const detector = `gitattributes.${override.slice(0, override.indexOf('='))}`;
      const examples = hits.examples.map((f) => ({
        file: f.path,
        detector,
        conclusion: `${override}: ${verdictText(f)}`,
      }));
      if (hits.count <= OVERRIDE_EXAMPLES) return examples;
      const rest = {
        file: '.gitattributes',
        detector,
        conclusion: `${override} applies to ${hits.count} files in all`,
      };
      return [...examples, rest];
    });
}

/** Aggregates per-file verdicts into the breakdown (pure; the adapter walks the repository). */
export function buildLanguageScan(
  files: readonly FileClassification[],
  options: BuildLanguageScanOptions,
): LanguageScan {
  const all = new Map<string, number>();
  const source = new Map<string, number>();
  const skipped: Record<keyof SkipCounts, number> = {
    binary: 0,
    symlink: 0,
    submodule: 0,
    empty: 0,
    vendored: 0,
    documentation: 0,
    generated: 0,
    not_detected: 0,
  };
  let counted = 0;
  let bytes = 0;
  const records: FileClassification[] = [];
  for (const f of files) {
    const test = isTestPath(f.path);
    if (options.includeFiles) records.push(test ? { ...f, test } : f);
    if (!f.counted || f.group === undefined) {
      skipped[f.reason === 'unreadable' || f.reason === undefined ? 'not_detected' : f.reason]++;
      continue;
    }
    counted++;
    bytes += f.bytes;
    all.set(f.group, (all.get(f.group) ?? 0) + f.bytes);
    if (!test) source.set(f.group, (source.get(f.group) ?? 0) + f.bytes);
  }
  const languages = toShares(all);
  return {
    languages,
    languages_source_only: toShares(source),
    totals: { files_scanned: files.length, files_counted: counted, bytes_counted: bytes, skipped },
    ...(options.includeFiles ? { files: records } : {}),
    evidence: [...topFileEvidence(files, languages), ...overrideEvidence(files)],
    ...(options.commit === undefined ? {} : { commit: options.commit }),
    tree_source: options.treeSource,
    linguist_data_version: options.linguistDataVersion,
  };
}
