import { buildPlan } from '../../core/bundle/index.js';
import {
  detectContract,
  listContracts,
  validateDocument,
  type ContractName,
  type WorkstreamBundle,
} from '../../core/contracts/index.js';
import type { DocumentIssue } from '../../core/errors.js';
import { findUnknownTools, namedToolsOfBundle, namedToolsOfPhase } from '../../core/run/index.js';
import type { RouterConfig } from '../../core/contracts/index.js';
import { checkPhase, type ProfileFinder } from './check-phase.js';

/** How the contract of a document was chosen. */
export type ContractChoice = 'flag' | 'declared' | 'best_match' | 'unknown_declared';

export interface DocumentCheck {
  contract: ContractName | null;
  detection: ContractChoice;
  issues: DocumentIssue[];
}

export interface CheckDocumentOptions {
  /** The contract named by --schema; otherwise the document's declaration or the best match decides. */
  contract?: ContractName;
  /** Finds the profile a phase names; without it, phases are checked against their schema only. */
  findProfile?: ProfileFinder;
  /** The router configuration whose tools a step or task may name (default: the built-in tools only). */
  router?: { readonly config: RouterConfig | undefined; readonly source: string };
}

type ConsistencyCheck = (
  doc: unknown,
  options: CheckDocumentOptions,
) => Promise<DocumentIssue[]> | DocumentIssue[];

/** Checks beyond the schema, run once a document satisfies its contract. Keyed by contract name. */
const consistencyChecks: Partial<Record<string, ConsistencyCheck>> = {
  workstream_bundle: (doc, { router }) => {
    const result = buildPlan(doc as WorkstreamBundle);
    const unknown = findUnknownTools(namedToolsOfBundle(doc as WorkstreamBundle), router?.config, router?.source ?? 'built-in');
    return [...(result.ok ? [] : result.issues), ...unknown];
  },
  phase_spec: async (doc, { findProfile, router }) => [
    ...(findProfile ? await checkPhase(doc, findProfile) : []),
    ...findUnknownTools(namedToolsOfPhase(doc as Parameters<typeof namedToolsOfPhase>[0]), router?.config, router?.source ?? 'built-in'),
  ],
};

function chooseContract(doc: unknown, options: CheckDocumentOptions): DocumentCheck {
  if (options.contract) {
    const result = validateDocument(options.contract, doc);
    return { contract: options.contract, detection: 'flag', issues: result.ok ? [] : result.issues };
  }
  const detected = detectContract(doc);
  if (detected.how === 'unknown_declared') {
    const key = (doc as Record<string, unknown>).$schema === detected.declared ? '$schema' : 'meta_version';
    const known = listContracts().join(', ');
    const message = `declares an unknown contract ${JSON.stringify(detected.declared)} (known: ${known}); fix it or pass --schema`;
    return { contract: null, detection: 'unknown_declared', issues: [{ pointer: `/${key}`, message }] };
  }
  if (detected.how === 'best_match')
    return { contract: detected.name, detection: 'best_match', issues: detected.issues };
  const result = validateDocument(detected.name, doc);
  return { contract: detected.name, detection: 'declared', issues: result.ok ? [] : result.issues };
}

/** Validates a parsed document against its contract, then checks what the schema cannot express. */
export async function checkDocument(
  doc: unknown,
  options: CheckDocumentOptions = {},
): Promise<DocumentCheck> {
  const check = chooseContract(doc, options);
  if (check.contract === null || check.issues.length > 0) return check;
  const issues = (await consistencyChecks[check.contract]?.(doc, options)) ?? [];
  return { ...check, issues };
}
