import type { PatchLedgerEntry } from '../../core/contracts/index.js';
import { UsageError } from '../../core/errors.js';
import { buildPatchArtifact, patchEvent, PATCH_POLICY_DEFAULTS, transitionLedgerEntry, type PatchOutcome } from '../../core/patch/index.js';
import type { EventBody } from '../../core/run/events.js';
import { revParse } from '../git/repo-queries.js';
import { runBranchName, runBranchRef } from '../git/run-branches.js';
import { runGit } from '../git/run-git.js';
import { applyPatchArtifact } from './apply-patch-artifact.js';
import type { PatchContext } from './create-patch-context.js';
import { assertPatchId } from './ledger-paths.js';
import { readDiff } from './read-diff.js';

export interface RollbackSpec {
  readonly patches: PatchContext;
  readonly commonDir: string;
  readonly configArgs: readonly string[];
  readonly mergeBaseOption: boolean;
  readonly patchId: string;
}

export interface RollbackResult {
  readonly original: PatchLedgerEntry;
  readonly outcome: PatchOutcome;
  /** patch_* events for the run log: the rollback patch's, then patch_rolled_back of the original. */
  readonly events: EventBody[];
}

/** Rollbacks revert a patch that passed the policy: only the always-forbidden rules apply, and binaries may be restored. */
const ROLLBACK_POLICY = { ...PATCH_POLICY_DEFAULTS, allow_binary: true, max_file_bytes: Number.MAX_SAFE_INTEGER };

/**
 * Reverts a committed patch on its run branch without touching any checkout. The revert is a patch of its own:
 * the diff from the patch's commit back to its parent, made into a commit on that commit and put on the run branch
 * by fast-forward or a 3-way apply (merge-tree, commit-tree, compare-and-swap update-ref), with its own ledger
 * entry (relationships.rollback_of; the original's chain) and the trailers UET-Run, UET-Patch and UET-Rollback-Of.
 * When it lands, the original moves to rolled_back. A conflict leaves the original committed.
 */
export async function rollbackPatch(s: RollbackSpec): Promise<RollbackResult> {
  const { patches } = s;
  const original = await patches.store.read(assertPatchId(s.patchId));
  if (!original) throw new UsageError(`unknown patch ${s.patchId} (see \`uet ledger list\`)`);
  if (original.state !== 'committed' || original.commit === undefined)
    throw new UsageError(`patch ${s.patchId} is ${original.state}; only a committed patch can be rolled back`);
  const ref = runBranchRef(original.run_id);
  const tip = await revParse(patches.root, ref);
  if (tip === null) throw new UsageError(`the run branch ${runBranchName(original.run_id)} of patch ${s.patchId} does not exist`);
  const onBranch = await runGit(patches.root, ['merge-base', '--is-ancestor', original.commit, tip], { okCodes: [0, 1, 128] });
  if (onBranch.code !== 0) throw new UsageError(`commit ${original.commit.slice(0, 12)} of patch ${s.patchId} is not on ${runBranchName(original.run_id)}`);
  const parent = await revParse(patches.root, `${original.commit}^`);
  if (parent === null) throw new UsageError(`commit ${original.commit.slice(0, 12)} has no parent to roll back to`);

  const rollbackId = patches.ids.newId();
  const now = new Date(patches.clock.now()).toISOString();
  const summary = (await patches.store.readArtifact(original.patch_id))?.summary ?? `patch ${original.patch_id}`;
  const { artifact } = buildPatchArtifact({
    patchId: rollbackId,
    targetRepo: patches.root,
    baseCommit: original.commit,
    baseRef: runBranchName(original.run_id),
    origin: { run_id: original.run_id, tool_id: 'uet-rollback', created_at: now },
    summary: `Revert "${summary}"`,
    diffText: await readDiff(patches.root, original.commit, parent),
  });
  const message = `Revert "${summary}"\n\nThis reverts patch ${original.patch_id} (commit ${original.commit}).\n\nUET-Run: ${original.run_id}\nUET-Patch: ${rollbackId}\nUET-Rollback-Of: ${original.patch_id}\n`;
  const outcome = await applyPatchArtifact(
    { patches, commonDir: s.commonDir, configArgs: s.configArgs, mergeBaseOption: s.mergeBaseOption, runId: original.run_id, policy: ROLLBACK_POLICY },
    artifact,
    { rollbackOf: original.patch_id, chainId: original.relationships.chain_id, message, skipOscillation: true, origin: `rollback of patch ${original.patch_id}, asked with uet ledger rollback` },
  );
  const events = [...outcome.events];
  if (outcome.status !== 'committed') return { original, outcome, events };
  const rolledBack = transitionLedgerEntry(original, 'rolled_back', {
    at: new Date(patches.clock.now()).toISOString(),
    reason: `reverted by patch ${rollbackId} (commit ${outcome.commit!.slice(0, 12)})`,
    rolledBackBy: rollbackId,
  });
  await patches.store.write(rolledBack);
  (await patches.runLedger(original.run_id)).remember(rolledBack);
  events.push(patchEvent(rolledBack, 'rolled_back', { related_patch_id: rollbackId, commit: outcome.commit! }));
  return { original: rolledBack, outcome, events };
}
