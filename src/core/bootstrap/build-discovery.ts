import type { BootstrapDiscovery, Generator } from '../contracts/index.js';
import { detectRepository, type DetectedRepository, type DiscoveryContext } from './detect-repository.js';
import type { LanguageScan } from './language-scanner.js';
import type { RepoSnapshot } from './repo-snapshot.js';

export type { DiscoveryContext } from './detect-repository.js';

export interface DiscoveryInput {
  /** The directory as given on the command line. */
  readonly root: string;
  readonly snapshot: RepoSnapshot;
  readonly languages: LanguageScan;
  readonly commit?: string;
  readonly generatedAt: string;
  readonly generator: Generator;
  readonly warnings?: readonly string[];
}

const SKIP_REASONS = ['binary', 'symlink', 'submodule', 'empty', 'vendored', 'documentation', 'generated', 'not_detected'] as const;

/** The skip counts the discovery contract knows, from the scanner's. */
function pickSkipped(skipped: Readonly<Record<string, number>>): NonNullable<BootstrapDiscovery['totals']['skipped']> {
  const out: Partial<Record<(typeof SKIP_REASONS)[number], number>> = {};
  for (const reason of SKIP_REASONS) if (skipped[reason] !== undefined) out[reason] = skipped[reason];
  return out;
}

/**
 * The bootstrap_discovery document from what the detectors found (detectRepository) and the language breakdown
 * of the language scanner. Pure.
 */
export function assembleDiscovery(detected: DetectedRepository, input: DiscoveryInput): BootstrapDiscovery {
  const { languages, languages_source_only, totals } = input.languages;
  // The scanner reports .gitattributes it could not apply as evidence of the gitattributes detector.
  const gitattributes = input.languages.evidence.filter((e) => e.detector === 'gitattributes').map((e) => `${e.file}: ${e.conclusion}`);
  const { findings } = detected;
  return {
    meta_version: 'bootstrap_discovery.v1',
    root: input.root,
    ...(input.commit !== undefined ? { commit: input.commit } : {}),
    tree_source: input.commit !== undefined ? 'head' : 'index',
    generated_at: input.generatedAt,
    generator: input.generator,
    ...(input.languages.linguist_data_version !== undefined ? { linguist_data_version: input.languages.linguist_data_version } : {}),
    languages: languages.map((l) => ({ language: l.language, bytes: l.bytes, percent: l.percent })),
    languages_source_only: languages_source_only.map((l) => ({ language: l.language, bytes: l.bytes, percent: l.percent })),
    totals: {
      files_scanned: totals.files_scanned,
      files_counted: totals.files_counted,
      bytes: totals.bytes_counted,
      ...(totals.skipped ? { skipped: pickSkipped(totals.skipped) } : {}),
    },
    frameworks: findings.frameworks,
    package_managers: findings.package_managers,
    tools: findings.tools,
    ci: findings.ci,
    inferred_constraints: findings.inferred_constraints,
    structure: findings.structure,
    warnings: [...new Set([...(input.warnings ?? []), ...gitattributes, ...detected.warnings])],
  };
}

/** Runs every detector over the snapshot and assembles the bootstrap_discovery document (both steps above). Pure. */
export function buildDiscovery(input: DiscoveryInput): { discovery: BootstrapDiscovery; context: DiscoveryContext } {
  const detected = detectRepository(input.snapshot);
  return { discovery: assembleDiscovery(detected, input), context: detected.context };
}
