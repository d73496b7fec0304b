import type { DocumentIssue } from '../errors.js';
import type { ContractName } from './contract-name.js';
import { isContractName, listContracts, validateDocument } from './validate-document.js';

export type ContractDetection =
  | { how: 'declared'; name: ContractName }
  | { how: 'best_match'; name: ContractName; issues: DocumentIssue[] }
  | { how: 'unknown_declared'; declared: string };

const DECLARED = /([A-Za-z][A-Za-z0-9_-]*)\.v\d+(?:\.json)?(?:#.*)?$/;

/**
 * Picks the contract of a document: from its `$schema` or `meta_version`, else by trying every contract
 * and taking the one with the fewest issues (ties go to the contract whose required keys the document has).
 */
export function detectContract(doc: unknown): ContractDetection {
  if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
    const record = doc as Record<string, unknown>;
    for (const key of ['$schema', 'meta_version'] as const) {
      const value = record[key];
      if (typeof value !== 'string') continue;
      const m = DECLARED.exec(value);
      if (m?.[1] && isContractName(m[1])) return { how: 'declared', name: m[1] };
      if (key === '$schema' && value.includes('json-schema.org')) continue;
      return { how: 'unknown_declared', declared: value };
    }
  }
  let best: { name: ContractName; issues: DocumentIssue[]; score: number } | undefined;
  for (const name of listContracts()) {
    const result = validateDocument(name, doc);
    const issues = result.ok ? [] : result.issues;
    // Unknown properties and missing required ones say the most about a wrong guess.
    const score = issues.reduce((s, i) => s + (/^(unknown|missing required) property/.test(i.message) ? 3 : 1), 0);
    if (!best || score < best.score) best = { name, issues, score };
    if (score === 0) break;
  }
  if (!best) throw new Error('no contracts are defined');
  return { how: 'best_match', name: best.name, issues: best.issues };
}
