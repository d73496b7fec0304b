import type { LedgerQuarantine, LedgerValidationResult, PatchArtifact, PatchViolation } from '../contracts/index.js';
import { buildPatchScope } from './build-patch-scope.js';
import { checkAlwaysForbidden } from './check-always-forbidden.js';
import { checkPatchPolicy } from './check-patch-policy.js';
import { checkResourceScope, type PatchResourceScope } from './check-resource-scope.js';
import type { Redactor } from '../secrets/index.js';
import { checkScopeClaim } from './check-scope-claim.js';
import { checkSecretInPatch } from './check-secret-in-patch.js';
import { checkWrittenChanges } from './check-written-changes.js';
import { deriveFileSizes } from './derive-file-sizes.js';
import type { FilePatch } from './diff-types.js';
import { buildHunkPrints, type HunkPrint } from './hunk-fingerprints.js';
import type { OscillationIndex } from './oscillation-index.js';
import type { EffectivePatchPolicy } from './patch-policy.js';
import type { WrittenChange } from './written-change.js';

export type QuarantineReason = LedgerQuarantine['reason'];

export interface EvaluationInput {
  readonly artifact: PatchArtifact;
  readonly files: readonly FilePatch[];
  readonly policy: EffectivePatchPolicy;
  readonly scope?: PatchResourceScope;
  /** File sizes after the patch measured in the repository, by path; the diff's own figures fill the gaps. */
  readonly sizes?: ReadonlyMap<string, number>;
  /** Problems found before parsing (the artifact's contract), reported under the format check. */
  readonly formatViolations?: readonly PatchViolation[];
  readonly oscillation?: { readonly index: OscillationIndex; readonly chainId: string };
  /** The credentials UET holds: a patch that adds one is quarantined (the secrets check). */
  readonly secrets?: Redactor;
  /** What git wrote when the patch was applied to its base: judged by checkWrittenChanges (the written check). */
  readonly written?: readonly WrittenChange[];
  readonly at: string;
}

export interface PatchEvaluation {
  readonly results: LedgerValidationResult[];
  readonly violations: PatchViolation[];
  readonly prints: HunkPrint[];
  /** Set when the patch must be quarantined. */
  readonly quarantineReason?: QuarantineReason;
}

/**
 * Rules whose breach means the artifact lies about itself or reaches outside the repository: reason forged. A header
 * without git's a/ b/ prefixes (forged_header) and headers that disagree with what git wrote (written_mismatch) are
 * lies of the same kind.
 */
export const FORGED_RULES: ReadonlySet<string> = new Set(['path_escape', 'scope_mismatch', 'diff_hash_mismatch', 'contract', 'forged_header', 'written_mismatch']);

/** The quarantine reason for a set of violations: forged, oscillation or policy_violation, in that order. */
export function quarantineReasonOf(violations: readonly PatchViolation[]): QuarantineReason | undefined {
  if (violations.some((v) => FORGED_RULES.has(v.rule))) return 'forged';
  if (violations.some((v) => v.rule === 'oscillation')) return 'oscillation';
  return violations.length ? 'policy_violation' : undefined;
}

const result = (check: string, violations: PatchViolation[], at: string): LedgerValidationResult => ({
  check,
  passed: violations.length === 0,
  at,
  violations,
});

/**
 * The mechanical checks of a parsed patch, each kept as a validation result: format (the artifact's claims against
 * its diff), policy (the always-forbidden rules, then the configured policy), resource_scope (when the step or
 * request declares one), oscillation (when enabled and an index is given) and written (the policy on what git wrote,
 * when it is given: see checkWrittenChanges). Every violation is returned, with its
 * rule and path; the quarantine reason is forged, oscillation or policy_violation, in that order of precedence.
 */
export function evaluatePatch(i: EvaluationInput): PatchEvaluation {
  const format = [...(i.formatViolations ?? []), ...checkScopeClaim(i.artifact, buildPatchScope(i.files))];
  const sizes = deriveFileSizes(i.files, i.sizes);
  const policy = [...checkAlwaysForbidden(i.files, sizes), ...checkPatchPolicy({ files: i.files, policy: i.policy, sizes })];
  const results = [result('format', format, i.at), result('policy', policy, i.at)];
  const scope = checkResourceScope(i.files, i.scope);
  if (i.scope) results.push(result('resource_scope', scope, i.at));
  const prints = buildHunkPrints(i.files);
  const osc: PatchViolation[] = [];
  if (i.oscillation && i.policy.oscillation.enabled) {
    const finding = i.oscillation.index.check({ chainId: i.oscillation.chainId, prints }, i.policy.oscillation);
    if (finding.oscillates) osc.push({ rule: 'oscillation', message: finding.message ?? 'the patch oscillates' });
    results.push(result('oscillation', osc, i.at));
  }
  const secrets = checkSecretInPatch(i.files, i.secrets);
  if (i.secrets?.secrets.length) results.push(result('secrets', secrets, i.at));
  const written = i.written ? checkWrittenChanges({ files: i.files, written: i.written, policy: i.policy, ...(i.scope ? { scope: i.scope } : {}) }) : [];
  if (i.written) results.push(result('written', written, i.at));
  const violations = [...format, ...policy, ...scope, ...osc, ...secrets, ...written];
  const reason = quarantineReasonOf(violations);
  return { results, violations, prints, ...(reason ? { quarantineReason: reason } : {}) };
}
