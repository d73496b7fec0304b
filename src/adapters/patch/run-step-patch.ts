import type { PlanNode } from '../../core/bundle/index.js';
import {
  bundlePolicySources,
  chainIdOf,
  processPatch,
  resolvePatchPolicy,
  retireChain,
  stepResourceScope,
  type PatchOutcome,
  type PatchSteps,
} from '../../core/patch/index.js';
import type { EventBody } from '../../core/run/events.js';
import { integrateStep } from '../git/integrate-step.js';
import { runBranchName } from '../git/run-branches.js';
import { captureStepPatch } from './capture-step-patch.js';
import type { PatchContext } from './create-patch-context.js';
import { readWrittenChanges } from './read-written-changes.js';

const FAST_FORWARD = 'fast-forward of the run branch';

export interface StepPatchRun {
  readonly patches: PatchContext;
  readonly commonDir: string;
  readonly configArgs: readonly string[];
  readonly mergeBaseOption: boolean;
  readonly runId: string;
  readonly node: PlanNode;
  readonly attempt: number;
  readonly toolId: string;
  readonly promptHash?: string;
  readonly executionRequestId?: string;
  /** The run-branch tip the step's worktree started from. */
  readonly base: string;
  /** The step's commit on its step branch, with a UET-Patch trailer naming `patchId`. */
  readonly stepCommit: string;
  readonly patchId: string;
  /** The step's validation and the policy's test command, run in the step's worktree. */
  readonly verify: NonNullable<PatchSteps['verify']>;
}

export interface StepPatchResult {
  readonly outcome: PatchOutcome;
  /** Events for the run log: policy warnings, retired patches of the chain, then the patch's own. */
  readonly events: EventBody[];
}

/**
 * The patch pipeline of one step attempt, between its commit on the step branch and the run branch: capture the
 * patch against the attempt's base (checked against git diff --numstat), resolve the bundle's policies for the step,
 * retire the unfinished patches of earlier attempts, then check the diff, check what the step commit writes (the
 * policy judges git's objects, not the diff's headers), verify, and integrate (integrateStep) or quarantine. Nothing of a quarantined, rejected or conflicted patch reaches the run branch.
 */
export async function runStepPatch(r: StepPatchRun): Promise<StepPatchResult> {
  const { patches, node, runId } = r;
  const step = node.step!;
  const ports = { ledger: patches.store, clock: patches.clock, runLedger: await patches.runLedger(runId) };
  const resolved = resolvePatchPolicy(bundlePolicySources(await patches.bundle(runId), node.wsId, step, await patches.repoPolicy(runId)));
  const events: EventBody[] = resolved.relaxations.map((x) => ({
    type: 'warning',
    data: { kind: 'patch_policy_relaxed', message: x.message, step_id: node.id },
  }));
  const captured = await captureStepPatch({
    root: patches.root,
    patchId: r.patchId,
    base: r.base,
    baseRef: runBranchName(runId),
    commit: r.stepCommit,
    origin: {
      run_id: runId,
      ...(node.wsId !== null ? { ws_id: node.wsId } : {}),
      step_id: node.id,
      attempt: r.attempt,
      tool_id: r.toolId,
      ...(r.promptHash !== undefined ? { prompt_hash: r.promptHash } : {}),
      ...(r.executionRequestId !== undefined ? { execution_request_id: r.executionRequestId } : {}),
      created_at: new Date(patches.clock.now()).toISOString(),
    },
    summary: step.name ?? step.context?.instruction?.split('\n')[0] ?? `step ${node.id}`,
  });
  const chainId = chainIdOf(runId, node.id);
  const retired = await retireChain(ports, ports.runLedger.chain(chainId), r.patchId, r.attempt);
  events.push(...retired.events);
  const scope = stepResourceScope(step);
  let writtenPaths: ReadonlySet<string> | undefined;
  const outcome = await processPatch(
    ports,
    {
      artifact: captured.artifact,
      parsed: captured.parsed,
      runId,
      ...(node.wsId !== null ? { wsId: node.wsId } : {}),
      stepId: node.id,
      attempt: r.attempt,
      chainId,
      ...(retired.replaces !== undefined ? { replaces: retired.replaces } : {}),
      policy: resolved.policy,
      ...(scope ? { scope } : {}),
      ...(patches.secrets ? { secrets: patches.secrets } : {}),
      sizes: captured.sizes,
      ...(captured.numstatMismatch !== undefined ? { rejectReason: captured.numstatMismatch } : {}),
      origin: `captured from attempt ${r.attempt} of step ${node.id} (${r.toolId})`,
    },
    {
      // The step commit is what lands (fast-forward) or what merge-tree replays: judge what it writes, not the diff.
      written: async () => {
        const changes = await readWrittenChanges(patches.root, r.base, r.stepCommit);
        writtenPaths = new Set(changes.map((c) => c.path));
        return { ok: true, changes };
      },
      verify: r.verify,
      // The step commit is what a fast-forward puts on the run branch: the committed entry is staged meanwhile.
      expected: () => ({ commit: r.stepCommit, how: FAST_FORWARD }),
      apply: async () => {
        const integrated = await integrateStep({
          repoDir: patches.root,
          commonDir: r.commonDir,
          runId,
          stepCommit: r.stepCommit,
          stepBase: r.base,
          configArgs: r.configArgs,
          mergeBaseOption: r.mergeBaseOption,
          ...(writtenPaths ? { writtenPaths } : {}),
        });
        if (!integrated.ok)
          return { ok: false, conflicts: integrated.conflicts, message: integrated.message ?? `conflicts with the run branch in: ${integrated.conflicts.join(', ')}` };
        return { ok: true, commit: integrated.commit, how: integrated.fastForward ? FAST_FORWARD : '3-way apply on the run branch (merge-tree)' };
      },
    },
  );
  events.push(...outcome.events);
  return { outcome, events };
}
