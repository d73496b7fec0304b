import type { ApprovalRequiredData } from '../../core/run/index.js';
import type { ApprovalKind, AutomationConfig } from '../config/automation-config.js';

export interface ApprovalSubject {
  /** What starts the run: a command or label (`run`), a `/uet fix` (`fix`), a schedule (`schedule`). */
  readonly kind: ApprovalKind;
  /** Who asked for the run (the commenter, the labeller; the schedule id for a schedule). */
  readonly requester: string;
  /** The exact commit the run is planned on, and the ref it came from: a push there voids the approval. */
  readonly baseSha: string;
  readonly baseRef: string;
}

/**
 * The approval a new run must wait for (ADR 0026), from `.github/uet.yml` require_approval as the default branch
 * holds it: undefined when none is configured or the run's kind is not in `for`. Pure.
 */
export function approvalNeeded(config: Pick<AutomationConfig, 'require_approval'>, s: ApprovalSubject): ApprovalRequiredData | undefined {
  const a = config.require_approval;
  if (!a || !a.for.includes(s.kind)) return undefined;
  return {
    approvers: [...a.approvers],
    min: a.min,
    allow_self_approval: a.allow_self_approval,
    requester: s.requester,
    base_sha: s.baseSha,
    base_ref: s.baseRef,
  };
}
