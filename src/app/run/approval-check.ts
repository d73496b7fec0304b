import type { CheckRunSpec } from '../../adapters/github/check-runs.js';
import type { ApprovalRequiredData, RunState } from '../../core/run/index.js';
import { code, fitBody } from '../render/markdown.js';
import { renderPlan } from '../render/render-plan.js';
import { CANCEL_RUN_ACTION, RUN_CHECK_NAME } from './build-run-check.js';

/** Who may approve, as a sentence: `@alice`, `acme/release-team` (a team), how many, and whether the requester may. */
export function describeApprovers(a: ApprovalRequiredData): string {
  const who = a.approvers.map((x) => (x.includes('/') ? `${code(x, 100)} (team)` : code(`@${x}`, 60))).join(', ');
  return `${a.min} approval${a.min > 1 ? 's' : ''} from ${who}${a.allow_self_approval ? '' : `, not the requester (${code(a.requester, 60)})`}`;
}

/**
 * The "UET run" check of a run that waits for approval (ADR 0026): in progress on the base commit, titled
 * "Awaiting approval", with the exact base sha, who may approve and how, and the plan.
 */
export function describeApprovalWait(state: RunState, a: ApprovalRequiredData): CheckRunSpec {
  const sections = [
    `UET run \`${state.runId}\` is planned and **awaits approval**: no step runs until it is approved.`,
    '',
    `- Base: \`${a.base_sha}\` (${code(a.base_ref, 200)}). Any push there voids the approval: ask for a new run then.`,
    `- Needs ${describeApprovers(a)}.`,
    state.origin.kind === 'scheduled'
      ? `- Approve with a comment \`/uet approve ${state.runId}\` on any issue or pull request of this repository (a scheduled run has neither of its own).`
      : `- Approve with a comment \`/uet approve\` on the pull request or issue of the run; \`/uet cancel\` drops it.`,
    ...(a.requirements?.length ? [`- The pull request must also be: ${a.requirements.join(', ')} (checked when approved).`] : []),
    '',
  ].join('\n');
  const plan = renderPlan(state.plan, { path: state.plan.bundle.bundle_id, sha: a.base_sha });
  return {
    name: RUN_CHECK_NAME,
    headSha: a.base_sha,
    externalId: state.runId,
    status: 'in_progress',
    title: `Awaiting approval: ${state.plan.bundle.bundle_name ?? state.plan.bundle.bundle_id}`.slice(0, 200),
    summary: fitBody([sections, plan]),
    actions: [CANCEL_RUN_ACTION],
  };
}
