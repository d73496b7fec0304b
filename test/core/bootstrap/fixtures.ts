import type { BootstrapDiscovery, LanguageShare } from '../../../src/core/contracts/index.js';

/** A minimal discovery with the given source-only languages and frameworks. */
export function discoveryWith(languages: [string, number][], frameworks: string[] = [], extra: Partial<BootstrapDiscovery> = {}): BootstrapDiscovery {
  const total = languages.reduce((s, [, b]) => s + b, 0);
  const shares: LanguageShare[] = languages.map(([language, bytes]) => ({ language, bytes, percent: total ? Math.round((bytes / total) * 10000) / 100 : 0 }));
  return {
    root: '.',
    generated_at: '2025-11-20T10:00:00Z',
    languages: shares,
    languages_source_only: shares,
    totals: { files_scanned: 1, files_counted: 1, bytes: total },
    frameworks: frameworks.map((name) => ({ name, evidence: [{ file: 'x', detector: 'test', conclusion: name }] })),
    package_managers: [],
    tools: [],
    ci: { provider: 'none', workflows: [] },
    inferred_constraints: [],
    structure: { directories: [], workspaces: [] },
    ...extra,
  };
}

export const noSignals = { docBytes: 0, docFiles: 0, sqlBytes: 0, sqlFiles: 0, ansibleBytes: 0, ansibleFiles: 0 };
