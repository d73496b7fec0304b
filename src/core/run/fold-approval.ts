import type { RunEvent } from './events.js';
import type { RunState } from './state.js';

/** Folds the approval events (ADR 0026): approval_required opens the wait, grants count distinct approvers. Pure. */
export function applyApprovalEvent(state: RunState, e: RunEvent): void {
  if (e.type === 'approval_required') state.approval = { required: e.data, grantedBy: [] };
  else if (e.type === 'approval_granted' && state.approval && !state.approval.grantedBy.includes(e.data.by))
    state.approval.grantedBy.push(e.data.by);
  else if (e.type === 'approval_voided' && state.approval)
    state.approval.voided = { reason: e.data.reason, ...(e.data.new_sha !== undefined ? { newSha: e.data.new_sha } : {}) };
}

/** Whether the run waits for approvals: required, not voided, fewer distinct approvers than `min`. */
export function awaitingApproval(state: RunState): boolean {
  const a = state.approval;
  return a !== undefined && a.voided === undefined && a.grantedBy.length < a.required.min;
}
