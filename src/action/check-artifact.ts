import type { PatchArtifact, PatchViolation } from '../core/contracts/index.js';
import { validateDocument } from '../core/contracts/index.js';
import type { PlanNode } from '../core/bundle/index.js';
import {
  bundlePolicySources,
  evaluatePatch,
  parseGitDiff,
  resolvePatchPolicy,
  stepResourceScope,
  type FilePatch,
  type PatchEvaluation,
  type WrittenChange,
} from '../core/patch/index.js';
import type { RunState } from '../core/run/index.js';
import type { Redactor } from '../core/secrets/index.js';

export interface ArtifactCheck {
  readonly evaluation: PatchEvaluation;
  /** The artifact, when it satisfies its contract. */
  readonly artifact?: PatchArtifact;
  /** The parsed diff, when it parsed. */
  readonly files?: readonly FilePatch[];
}

const forged = (message: string, at: string): ArtifactCheck => {
  const violations: PatchViolation[] = [{ rule: 'contract', message }];
  return { evaluation: { results: [{ check: 'format', passed: false, at, violations }], violations, prints: [], quarantineReason: 'forged' } };
};

export interface ArtifactFacts {
  /** Sizes after the patch, by path, measured in the repository. */
  readonly sizes?: ReadonlyMap<string, number>;
  /** What git wrote when the artifact was applied to its base: the policy judges it too (the written check). */
  readonly written?: readonly WrittenChange[];
  /** The credentials the job holds: a patch that adds one is quarantined. */
  readonly secrets?: Redactor;
}

/**
 * The patch pipeline's checks of one artifact for one attempt, with the policy the run's own record resolves for the
 * step (the repository owner's policy recorded in run_created, then the bundle's scopes; never the artifact's word): the contract, the origin (run, step, attempt), the diff's parse (a header
 * git would not write is forged), then evaluatePatch (format, always-forbidden paths, policy, resource scope, and,
 * when the artifact was applied to its base, the same rules on what git wrote). Pure.
 */
export function checkArtifact(
  state: RunState,
  node: PlanNode,
  attempt: number,
  artifact: unknown,
  at: string,
  facts: ArtifactFacts = {},
): ArtifactCheck {
  const doc = validateDocument('patch_artifact', artifact);
  if (!doc.ok) return forged(`not a patch_artifact: ${doc.issues.map((i) => `${i.pointer}: ${i.message}`).join('; ')}`, at);
  const a: PatchArtifact = doc.value;
  if (a.origin.run_id !== state.runId || a.origin.step_id !== node.id || a.origin.attempt !== attempt)
    return forged(`the artifact was made for ${a.origin.run_id}/${a.origin.step_id}/${a.origin.attempt ?? '?'}, not ${state.runId}/${node.id}/${attempt}`, at);
  const parsed = parseGitDiff(a.diff_text);
  if (!parsed.ok) return forged(`the diff does not parse: ${parsed.errors.map((e) => e.message).join("; ")}`, at);
  const step = node.step!;
  const { policy } = resolvePatchPolicy(bundlePolicySources(state.plan.bundle, node.wsId, step, state.options.repo_policy));
  const scope = stepResourceScope(step);
  const evaluation = evaluatePatch({
    artifact: a,
    files: parsed.files,
    policy,
    ...(scope ? { scope } : {}),
    ...(facts.sizes ? { sizes: facts.sizes } : {}),
    ...(facts.written ? { written: facts.written } : {}),
    ...(facts.secrets ? { secrets: facts.secrets } : {}),
    at,
  });
  return { evaluation, artifact: a, files: parsed.files };
}
