import type { PatchArtifact, PatchLedgerEntry, PatchViolation } from '../contracts/index.js';
import type { Clock } from '../ports.js';
import type { EventBody } from '../run/events.js';
import type { TestCommandResult } from './check-tests-required.js';
import type { PatchResourceScope } from './check-resource-scope.js';
import type { DiffParseResult } from './diff-types.js';
import type { QuarantineReason } from './evaluate-patch.js';
import type { NewLedgerEntry } from './ledger-transitions.js';
import type { EffectivePatchPolicy } from './patch-policy.js';
import type { LedgerStore } from './ports.js';
import type { Redactor } from '../secrets/index.js';
import type { RunLedger } from './run-ledger.js';
import type { WrittenChange } from './written-change.js';

/* The patch pipeline's inputs, steps and outcome (processPatch in process-patch.ts). */

/** Where the patch comes from and what it replaces: as its ledger entry records them. */
type PatchOrigin = Pick<NewLedgerEntry, 'runId' | 'wsId' | 'stepId' | 'attempt' | 'chainId' | 'replaces' | 'rollbackOf'>;

export interface PatchJob extends PatchOrigin {
  readonly artifact: PatchArtifact;
  readonly parsed: DiffParseResult;
  readonly policy: EffectivePatchPolicy;
  readonly scope?: PatchResourceScope;
  readonly sizes?: ReadonlyMap<string, number>;
  /** Problems with the artifact itself found before parsing (its contract): reason forged. */
  readonly formatViolations?: readonly PatchViolation[];
  /** Set when the patch is unusable for a reason that is not a policy matter (an unknown base commit...). */
  readonly rejectReason?: string;
  /** Why the patch exists, for the first history entry: "captured from attempt 2". */
  readonly origin: string;
  /** The credentials UET holds: a patch that adds one is quarantined, and what the ledger keeps of it is redacted. */
  readonly secrets?: Redactor;
  /** Skip the oscillation check (a rollback patch, which a person asked for). */
  readonly skipOscillation?: boolean;
}

export type ApplyResult =
  | { readonly ok: true; readonly commit: string; readonly how: string }
  | { readonly ok: false; readonly conflicts: readonly string[]; readonly message: string };

/** What the policy asks of the test command: whether it must run, and the policy's own command if it names one. */
export interface TestsNeeded {
  readonly needed: boolean;
  readonly command?: string;
}

export interface Verification {
  readonly testCommand?: TestCommandResult;
  /** The patch is unusable (its step's validation failed, it does not apply to its base): rejected. */
  readonly rejected?: string;
  /** Policy violations only the patched tree shows (the size of modified files): quarantined. */
  readonly violations?: readonly PatchViolation[];
}

/** What git wrote when the patch was applied to its base, or why it could not be applied. */
export type WrittenRead = { readonly ok: true; readonly changes: readonly WrittenChange[] } | { readonly ok: false; readonly rejected: string };

export interface PatchSteps {
  /**
   * Applies the patch to its base without committing anything the run can see, and reads back what git wrote (the
   * base tree against the result tree). It is judged (checkWrittenChanges) before anything else runs.
   */
  written?(): Promise<WrittenRead>;
  /** Checks that need the patched tree: the step's validation, file sizes, and the test command when needed. */
  verify?(tests: TestsNeeded): Promise<Verification>;
  /** Puts the patch on the run branch (one commit, compare-and-swap). */
  apply(): Promise<ApplyResult>;
  /**
   * What apply reports when the run branch is still at the patch's base (a fast-forward), known before it runs: the
   * committed entry is then prepared (written and fsync'd, not in place) with the validated one, and put in place
   * when apply reports exactly this. Anything else (a 3-way apply, a conflict) discards it.
   */
  expected?(): ExpectedApply | undefined;
}

/** The result apply announces in advance (PatchSteps.expected). */
export interface ExpectedApply {
  readonly commit: string;
  readonly how: string;
}

export interface PatchPipelinePorts {
  readonly ledger: LedgerStore;
  readonly clock: Pick<Clock, 'now'>;
  readonly runLedger?: RunLedger;
}

export type PatchStatus = 'committed' | 'quarantined' | 'rejected' | 'conflicted';

export interface PatchOutcome {
  readonly status: PatchStatus;
  readonly entry: PatchLedgerEntry;
  readonly events: EventBody[];
  readonly violations: readonly PatchViolation[];
  readonly quarantineReason?: QuarantineReason;
  readonly message?: string;
  readonly commit?: string;
  readonly conflicts?: readonly string[];
}
