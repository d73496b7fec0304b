import type { ApprovalRequiredData } from './events.js';

export type ApproverVerdict =
  | { readonly ok: true; readonly by: string; readonly team?: string }
  | { readonly ok: false; readonly reason: string };

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase(); // GitHub logins ignore case

/**
 * Whether `login` (the comment author's login from the signed webhook, never a display name) may approve a run
 * (ADR 0026): not the requester unless self-approval is allowed, and a listed user or an active member of a listed
 * team (`teams`: the listed teams GitHub says the login is an active member of). `problems`: team lookups that
 * failed, named in the refusal. Pure.
 */
export function decideApprover(
  required: Pick<ApprovalRequiredData, 'approvers' | 'requester' | 'allow_self_approval'>,
  login: string,
  teams: readonly string[],
  problems: readonly string[] = [],
): ApproverVerdict {
  if (!required.allow_self_approval && same(login, required.requester))
    return { ok: false, reason: 'the requester of a run cannot approve it (require_approval.allow_self_approval is off)' };
  if (required.approvers.some((a) => !a.includes('/') && same(a, login))) return { ok: true, by: login };
  const team = required.approvers.find((a) => a.includes('/') && teams.some((t) => same(t, a)));
  if (team !== undefined) return { ok: true, by: login, team };
  return {
    ok: false,
    reason: `only ${required.approvers.join(', ')} may approve it${problems.length ? ` (${problems.join('; ')})` : ''}`,
  };
}
