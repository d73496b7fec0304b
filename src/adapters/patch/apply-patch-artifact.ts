import {
  chainIdOf,
  parseGitDiff,
  processPatch,
  sanitizeArtifact,
  type EffectivePatchPolicy,
  type FilePatch,
  type PatchOutcome,
  type PatchResourceScope,
  type WrittenChange,
} from '../../core/patch/index.js';
import { integrateStep } from '../git/integrate-step.js';
import { revParse } from '../git/repo-queries.js';
import { runBranchRef } from '../git/run-branches.js';
import { runGit } from '../git/run-git.js';
import { applyWithGit, type Materialized, type MaterializeSpec } from './apply-with-git.js';
import type { PatchContext } from './create-patch-context.js';
import { readWrittenChanges } from './read-written-changes.js';

export interface ArtifactRun {
  readonly patches: PatchContext;
  readonly commonDir: string;
  readonly configArgs: readonly string[];
  readonly mergeBaseOption: boolean;
  readonly runId: string;
  readonly policy: EffectivePatchPolicy;
  readonly scope?: PatchResourceScope;
  /**
   * Makes the artifact's commit on its base: `git apply --cached` into a temporary index by default; a session that
   * applies many artifacts passes the in-process applier (createInProcessApplier), which declines to git what it
   * does not handle.
   */
  readonly applier?: {
    materialize(spec: MaterializeSpec & { readonly files?: readonly FilePatch[] }): Promise<Materialized>;
    hasCommit?(id: string): Promise<string | null>;
    written?(base: string, commit: string): Promise<WrittenChange[]>;
    advance?(ref: string, to: string, from: string): Promise<boolean>;
  };
}

/** For patches UET makes itself (a rollback): its relation, chain and commit message. */
export interface ArtifactExtras {
  readonly rollbackOf?: string;
  readonly chainId?: string;
  readonly message?: string;
  readonly skipOscillation?: boolean;
  readonly origin?: string;
}

const FAST_FORWARD = 'fast-forward of the run branch';

const commitMessage = (summary: string, runId: string, patchId: string, stepId?: string, attempt?: number) =>
  `${summary.split('\n')[0]?.trim() || `patch ${patchId}`}\n\nUET-Run: ${runId}\n${stepId !== undefined ? `UET-Step: ${stepId}\n` : ''}UET-Patch: ${patchId}\n${attempt !== undefined ? `UET-Attempt: ${attempt}\n` : ''}`;

/**
 * The pipeline for a patch artifact handed over as a document (GitHub mode, the error pipeline, a forged one):
 * sanitized and checked against its contract, parsed, checked like any step patch (an escaping path or a claim its
 * diff contradicts quarantines it as forged), made into a commit on its base that no ref names, judged again on what
 * git wrote (paths, modes, symlink targets, sizes), and only then put on the run branch by fast-forward
 * (compare-and-swap) or a 3-way apply. Returns the ledger outcome with its patch_* events.
 */
export async function applyPatchArtifact(run: ArtifactRun, received: unknown, extras: ArtifactExtras = {}): Promise<PatchOutcome> {
  const { patches } = run;
  const now = new Date(patches.clock.now()).toISOString();
  const { artifact, violations } = sanitizeArtifact(received, patches.ids.newId(), now);
  const parsed = parseGitDiff(artifact.diff_text);
  const stepId = artifact.origin.step_id;
  const attempt = artifact.origin.attempt;
  const chainId = extras.chainId ?? (stepId !== undefined ? chainIdOf(run.runId, stepId) : `${run.runId}/patch-${artifact.patch_id}`);
  const runLedger = await patches.runLedger(run.runId);
  const sha = /^[0-9a-f]{7,64}$/.test(artifact.base_commit) ? artifact.base_commit : undefined;
  const known = sha === undefined ? null : ((await run.applier?.hasCommit?.(sha)) ?? (await revParse(patches.root, sha)));
  const base = known ?? '';
  let made: Materialized | undefined;
  let written: readonly WrittenChange[] = [];
  return processPatch(
    { ledger: patches.store, clock: patches.clock, runLedger },
    {
      artifact,
      parsed,
      runId: run.runId,
      ...(artifact.origin.ws_id !== undefined ? { wsId: artifact.origin.ws_id } : {}),
      ...(stepId !== undefined ? { stepId } : {}),
      ...(attempt !== undefined ? { attempt } : {}),
      chainId,
      ...(extras.rollbackOf !== undefined ? { rollbackOf: extras.rollbackOf } : {}),
      ...(extras.skipOscillation ? { skipOscillation: true } : {}),
      policy: run.policy,
      ...(run.scope ? { scope: run.scope } : {}),
      ...(patches.secrets ? { secrets: patches.secrets } : {}),
      ...(violations.length ? { formatViolations: violations } : {}),
      ...(known === null ? { rejectReason: `base commit ${JSON.stringify(artifact.base_commit)} is not in the repository` } : {}),
      origin: extras.origin ?? `handed over as an artifact (${artifact.origin.tool_id})`,
    },
    {
      async written() {
        made = await (run.applier ?? { materialize: applyWithGit }).materialize({
          root: patches.root,
          commonDir: run.commonDir,
          base,
          diffText: artifact.diff_text,
          message: extras.message ?? commitMessage(artifact.summary ?? '', run.runId, artifact.patch_id, stepId, attempt),
          configArgs: run.configArgs,
          ...(parsed.ok ? { files: parsed.files } : {}),
        });
        if (!made.ok) return { ok: false, rejected: `the diff does not apply to its base commit ${base.slice(0, 12)}: ${made.message}` };
        written = await (run.applier?.written ?? ((b: string, c: string) => readWrittenChanges(patches.root, b, c)))(base, made.commit);
        return { ok: true, changes: written };
      },
      // A fast-forward is announced: the committed entry is staged while the run branch moves.
      expected: () => (made?.ok ? { commit: made.commit, how: FAST_FORWARD } : undefined),
      async apply() {
        if (!made?.ok) throw new Error('applyPatchArtifact: apply before the patch was written and judged');
        const ref = runBranchRef(run.runId);
        const advanced = run.applier?.advance
          ? await run.applier.advance(ref, made.commit, base)
          : (await runGit(patches.root, ['update-ref', '-m', `uet: patch ${artifact.patch_id}`, ref, made.commit, base], { okCodes: [0, 1, 128] })).code === 0;
        if (advanced) return { ok: true, commit: made.commit, how: FAST_FORWARD };
        const integrated = await integrateStep({ repoDir: patches.root, commonDir: run.commonDir, runId: run.runId, stepCommit: made.commit, stepBase: base, configArgs: run.configArgs, mergeBaseOption: run.mergeBaseOption, writtenPaths: new Set(written.map((c) => c.path)) });
        if (!integrated.ok) return { ok: false, conflicts: integrated.conflicts, message: integrated.message ?? `conflicts with the run branch in: ${integrated.conflicts.join(', ')}` };
        return { ok: true, commit: integrated.commit, how: '3-way apply on the run branch (merge-tree)' };
      },
    },
  );
}
