import { createCheckRun, findCheckRun, updateCheckRun } from '../../adapters/github/check-runs.js';
import { SCHEDULE_SUBJECT } from '../../adapters/github/ledger-layout.js';
import { readRunLedger } from '../../adapters/github/read-run-ledger.js';
import { listRuns } from '../../adapters/github/run-index.js';
import { awaitingApproval, decideApprover, fold, unmetRequirements, type EventBody, type RunState } from '../../core/run/index.js';
import { advanceRun } from '../run/advance-run.js';
import { readApproverTeams } from '../run/read-approver-teams.js';
import { readBaseHead } from '../run/read-base-head.js';
import { readPullFacts } from '../run/read-pull-facts.js';
import { buildRunStartCheck, RUN_CHECK_NAME } from '../run/build-run-check.js';
import { reply } from '../report/reply.js';
import type { CommandTrigger } from './command-trigger.js';

/**
 * `/uet approve [<run_id>]` (ADR 0026): a listed approver lets a run that waits for approval start. The approver is
 * the comment's author as the signed webhook names them (their login, never a display name); a team approver counts
 * through GitHub's team membership endpoint (an active membership only); the requester never approves their own run
 * unless `allow_self_approval`. The base the plan was made on must still be where it was: a push there voids the
 * approval, and the run is canceled. Each approver counts once; `min` distinct approvers start the run. Only
 * `issue_comment.created` reaches this (an edited comment never approves anything).
 */
export async function approveRunCommand(t: CommandTrigger, runId?: string): Promise<void> {
  const { scope } = t;
  const say = (text: string) => reply(scope, t.issueNumber, text);
  const subject = { kind: t.isPr ? ('pr' as const) : ('issue' as const), number: t.issueNumber };
  // A scheduled run has no pull request or issue: it is approved by its id from any of them.
  const scheduled = runId !== undefined ? await listRuns(scope.gh, scope.repo, 'active', SCHEDULE_SUBJECT) : [];
  const active = [...(await listRuns(scope.gh, scope.repo, 'active', subject)), ...scheduled].filter((r) => runId === undefined || r.runId === runId);
  const waiting: RunState[] = [];
  for (const r of active) {
    const ledger = await readRunLedger(scope.gh, scope.repo, r.runId);
    const state = ledger ? fold(ledger.events) : undefined;
    if (state && awaitingApproval(state)) waiting.push(state);
  }
  if (!waiting.length)
    return say(runId !== undefined ? `UET run \`${runId}\` does not wait for approval here.` : 'No UET run waits for approval here.');
  if (waiting.length > 1)
    return say(`Several UET runs wait for approval here: name one, \`/uet approve <run id>\` (${waiting.map((s) => `\`${s.runId}\``).join(', ')}).`);
  const state = waiting[0]!;
  const required = state.approval!.required;
  const { teams, problems } = await readApproverTeams(scope, required.approvers, t.actor);
  const verdict = decideApprover(required, t.actor, teams, problems);
  if (!verdict.ok) return say(`@${t.actor} cannot approve UET run \`${state.runId}\`: ${verdict.reason}.`);
  if (required.requirements?.length && state.origin.pr_number !== undefined) {
    const unmet = unmetRequirements(required.requirements, await readPullFacts(scope, state.origin.pr_number));
    if (unmet.length) return say(`UET run \`${state.runId}\` cannot be approved yet: \`.github/uet.yml\` requirements are not met:\n${unmet.map((u) => `- ${u}`).join('\n')}`);
  }
  const head = await readBaseHead(scope, required.base_ref);
  const workflow = t.config.workflow;
  if (head !== required.base_sha) {
    const voided = (s: RunState): EventBody[] =>
      s.approval && !s.approval.voided
        ? [{ type: 'approval_voided', data: { reason: `${required.base_ref} moved since the plan`, base_sha: required.base_sha, ...(head !== undefined ? { new_sha: head } : {}), by: t.actor } }]
        : [];
    await advanceRun(scope, state.runId, { workflow, records: voided, reportAlways: true });
    return say(
      `UET run \`${state.runId}\` was planned on \`${required.base_sha.slice(0, 12)}\`, but \`${required.base_ref}\` is now at \`${(head ?? 'nothing').slice(0, 12)}\`: the approval is void and the run is canceled. Start a new run to plan on the new commit.`,
    );
  }
  const grant = (s: RunState): EventBody[] =>
    s.approval && awaitingApproval(s) && !s.approval.grantedBy.includes(verdict.by)
      ? [{ type: 'approval_granted', data: { by: verdict.by, base_sha: required.base_sha, ...(verdict.team !== undefined ? { team: verdict.team } : {}), ...(t.commentId !== undefined ? { comment_id: t.commentId } : {}) } }]
      : [];
  const advanced = await advanceRun(scope, state.runId, { workflow, records: grant, reportAlways: true });
  const a = advanced?.state.approval;
  if (!advanced || !a) return;
  const count = `${a.grantedBy.length} of ${a.required.min}`;
  if (awaitingApproval(advanced.state)) return say(`Approval of UET run \`${state.runId}\` by @${verdict.by} recorded (${count}): it waits for more.`);
  const check = buildRunStartCheck(
    state.runId,
    required.base_sha,
    `Running ${state.plan.bundle.bundle_name ?? state.plan.bundle.bundle_id}`,
    `UET run \`${state.runId}\` was approved by ${a.grantedBy.map((b) => `@${b}`).join(', ')} on \`${required.base_sha}\` and started.`,
  );
  const id = await findCheckRun(scope.gh, scope.repo, required.base_sha, RUN_CHECK_NAME, state.runId);
  if (id !== undefined) await updateCheckRun(scope.gh, scope.repo, id, check);
  else await createCheckRun(scope.gh, scope.repo, check);
  await say(`UET run \`${state.runId}\` is approved (${count}: ${a.grantedBy.map((b) => `@${b}`).join(', ')}) and starts on \`${required.base_sha.slice(0, 12)}\`.`);
}
