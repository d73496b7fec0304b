import { captureStepPatch } from '../adapters/patch/capture-step-patch.js';
import { readWrittenChanges } from '../adapters/patch/read-written-changes.js';
import { buildStepMessage } from '../adapters/git/step-trailers.js';
import { runBranchName } from '../adapters/git/run-branches.js';
import type { PatchArtifact, PatchViolation } from '../core/contracts/index.js';
import { describeViolation } from '../core/patch/index.js';
import type { AttemptContext } from './attempt-context.js';
import { checkArtifact } from './check-artifact.js';
import type { GitRemote } from './git-remote.js';
import type { AttemptRecord } from './patch-dir.js';

export interface AttemptPatch {
  readonly patchId?: string;
  readonly artifact?: PatchArtifact;
  readonly scope?: string;
  readonly filesChanged: number;
  readonly policy: AttemptRecord['policy'];
  /** Why the patch is quarantined, when it is. */
  readonly quarantined?: string;
}

const NONE: AttemptRecord['policy'] = { passed: true, violations: [] };

/**
 * Captures what the attempt changed in the checkout: commit it locally with the UET trailers, take it as a patch
 * artifact and check it against the policy the run's own bundle resolves for the step. Nothing is pushed.
 */
export async function captureAttemptPatch(
  remote: GitRemote,
  ctx: AttemptContext,
  o: { newId: () => string; now: () => number; toolId: string; promptHash?: string },
): Promise<AttemptPatch> {
  const { node, common } = ctx;
  const step = node.step!;
  const patchId = o.newId();
  await remote.git(['add', '--all']);
  const changed = (await remote.git(['diff', '--cached', '--quiet'], { okCodes: [0, 1] })).code === 1;
  if (!changed) return { filesChanged: 0, policy: NONE };
  await remote.git(['commit', '--quiet', '--no-verify', '-F', '-'], { input: buildStepMessage(step.name ?? step.step_id, { runId: common.run_id, stepId: node.id, attempt: common.attempt, patchId }) });
  const commit = (await remote.git(['rev-parse', 'HEAD'])).stdout.trim();
  const captured = await captureStepPatch({
    root: ctx.cwd,
    patchId,
    base: ctx.base,
    baseRef: runBranchName(common.run_id),
    commit,
    origin: { run_id: common.run_id, ...(node.wsId !== null ? { ws_id: node.wsId } : {}), step_id: node.id, attempt: common.attempt, tool_id: o.toolId, ...(o.promptHash ? { prompt_hash: o.promptHash } : {}), created_at: new Date(o.now()).toISOString() },
    summary: step.name ?? step.context?.instruction?.split('\n')[0] ?? `step ${node.id}`,
  });
  const artifact = captured.artifact;
  const filesChanged = artifact.scope.files_touched.length;
  const scope = `${filesChanged} file${filesChanged === 1 ? '' : 's'}, +${artifact.scope.line_insertions} −${artifact.scope.line_deletions}`;
  const written = await readWrittenChanges(ctx.cwd, ctx.base, commit);
  const check = checkArtifact(ctx.state, node, common.attempt, artifact, new Date(o.now()).toISOString(), { sizes: captured.sizes, written });
  const violations: readonly PatchViolation[] = check.evaluation.violations;
  const passed = violations.length === 0 && captured.numstatMismatch === undefined;
  const policy = { passed, violations: [...violations], ...(check.evaluation.quarantineReason ? { quarantine_reason: check.evaluation.quarantineReason } : {}) };
  const quarantined = passed ? undefined : violations.map(describeViolation).join('; ') || (captured.numstatMismatch ?? 'rejected');
  return { patchId, artifact, scope, filesChanged, policy, ...(quarantined !== undefined ? { quarantined } : {}) };
}
