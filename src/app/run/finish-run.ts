import {
  createCheckRun,
  findCheckRun,
  updateCheckRun,
  type CheckRunSpec,
} from '../../adapters/github/check-runs.js';
import { pushFastForward, type Pushed } from '../../adapters/github/push-result.js';
import { openResultPr, type ResultPr } from '../../adapters/github/result-pr.js';
import { deactivateRun } from '../../adapters/github/run-index.js';
import { writeStickyComment } from '../../adapters/github/sticky-comment.js';
import { buildRunStatus, runRef, type RunEvent, type RunState } from '../../core/run/index.js';
import { DEFAULT_APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { checkResult } from './check-result.js';
import { createClaimedCheckRun } from './create-claimed-check-run.js';
import { readAppConfig } from '../config/read-app-config.js';
import type { PolicyFinding } from '../policy/check-result-policy.js';
import { renderProgress } from '../render/render-progress.js';
import type { RepoScope } from '../scope/repo-scope.js';
import { buildRunCheck, RUN_CHECK_NAME } from './build-run-check.js';
import { resultBase } from './result-base.js';
import { renderResultBody } from '../render/render-result-body.js';
import { indexSubject, runSubject } from './run-subject.js';

export interface FinishInput {
  readonly state: RunState;
  readonly events: readonly RunEvent[];
  readonly head: string;
  readonly commentId: number | undefined;
  readonly links: ReadonlyMap<string, string>;
  readonly workflowUrl: string;
  /**
   * The caller's advance recorded run_completed, so no finish of this run ran before: its result PR is created
   * without a lookup first (a second create is told apart by GitHub's 422, then looked up).
   */
  readonly endedNow?: boolean;
  /** The reconciler's pass: check runs are looked up on GitHub before they are created. */
  readonly lookupCheck?: boolean;
}

/**
 * Ends a run's reporting (or pauses it): re-checks the result against the patch policy on the compare of the run
 * branch, opens the result PR (labelled uet, never merged), writes the final sticky comment and the run check's
 * conclusion, and takes the run out of the active index. Idempotent: every create is looked up first, so a second
 * call (a redelivery, the reconciler) changes nothing. A paused run gets its comment and check, and stays active.
 */
/** Opens (or finds) the result PR of a run from its run branch `uet/run/<run_id>`, labelled, never merged. */
export async function publishResult(
  scope: RepoScope,
  state: RunState,
  events: readonly RunEvent[],
  config: AppConfig,
  approval?: { by: string; sha: string },
  lookup = true,
): Promise<ResultPr> {
  const base = await resultBase(scope, state);
  return openResultPr(scope.gh, scope.repo, {
    ...(lookup ? {} : { lookup: false }),
    runId: state.runId,
    base,
    title: `UET: ${state.plan.bundle.bundle_name ?? state.plan.bundle.bundle_id}${state.status === 'failed' ? ' (failed run)' : ''}`,
    body: renderResultBody(state, events, buildRunStatus(state, scope.clock.now()), approval),
    draft: state.status !== 'succeeded',
    labels: [config.label],
  });
}

const follow = (branch: string) => branch.replace(/`/g, "'");

export async function finishRun(scope: RepoScope, f: FinishInput): Promise<void> {
  const { state } = f;
  const indexed = indexSubject(state.origin);
  const paused = state.status === 'paused';
  const read = await readAppConfig(scope.gh, scope.repo, scope.defaultBranch);
  const config = read.ok ? read.value : DEFAULT_APP_CONFIG;
  let pr: ResultPr | undefined;
  let noPrReason: string | undefined;
  let findings: PolicyFinding[] = [];
  const followUp = state.options.push_branch;
  const wantPr =
    state.status === 'succeeded' ||
    (state.status === 'failed' && config.on_failure === 'draft_pr' && followUp === undefined);
  let awaiting: { sha: string; ref: string } | undefined;
  let pushed: Pushed | undefined;
  if (!paused && wantPr && state.origin.sha) {
    const result = await checkResult(scope, state, config);
    findings = result?.findings ?? [];
    if (!result) noPrReason = 'its run branch is gone';
    else if (!result.changed) noPrReason = 'the run changed nothing';
    else if (findings.length)
      noPrReason = `the result breaks the patch policy (${findings.length} finding${findings.length > 1 ? 's' : ''}; see the UET run check)`;
    else if (state.options.fork === true && result.head !== undefined)
      // Fork code reaches a branch (where workflows run) only when a writer approves this exact commit.
      awaiting = { sha: result.head, ref: runRef(state.runId, state.options) };
    else if (followUp !== undefined && result.head !== undefined) {
      // A follow-up's result goes onto the pull request's own branch, as a fast-forward, or not at all.
      pushed = await pushFastForward(scope.gh, scope.repo, followUp, state.origin.sha, result.head);
      if (pushed.status === 'moved')
        noPrReason = `\`${follow(followUp)}\` moved after the command (it is at \`${pushed.now?.slice(0, 7) ?? 'another commit'}\`, not \`${state.origin.sha.slice(0, 7)}\`), so nothing was pushed: UET never overwrites commits it did not see. The result stays on \`${runRef(state.runId, state.options).replace('refs/heads/', '')}\`; comment \`/uet fix\` again to redo it on the new head.`;
    } else {
      pr = await publishResult(scope, state, f.events, config, undefined, f.endedNow !== true);
      if (pr.status === 'no_changes') noPrReason = 'the run changed nothing';
    }
  } else if (!paused)
    noPrReason =
      state.status === 'canceled'
        ? 'the run was canceled'
        : `the run ${state.status}${followUp !== undefined ? ', so nothing was pushed' : ''}`;
  const pushedSha = pushed && pushed.status !== 'moved' ? pushed.sha : undefined;
  const resultPr = pr && pr.status !== 'no_changes' ? { number: pr.number, url: pr.url } : undefined;
  // A scheduled run has no pull request or issue of its own: its report goes on its result PR, when it opens one.
  const subject = runSubject(state.origin) ?? (resultPr ? { kind: 'pr' as const, number: resultPr.number } : undefined);
  const view = buildRunStatus(state, scope.clock.now());
  let commentUrl: string | undefined;
  if (subject) {
    const body = renderProgress(state, view, {
      nodes: f.links,
      workflow: f.workflowUrl,
      ...(resultPr ? { resultPr } : {}),
      ...(noPrReason !== undefined ? { noPrReason } : {}),
      ...(awaiting ? { awaitingApproval: awaiting } : {}),
      ...(pushedSha !== undefined && followUp !== undefined ? { pushed: { branch: followUp, sha: pushedSha } } : {}),
    });
    const id = await writeStickyComment(
      scope.gh,
      scope.repo,
      subject,
      {
        runId: state.runId,
        ...(f.commentId !== undefined ? { commentId: f.commentId } : {}),
        ledgerHead: f.head,
        ...(scope.appId !== undefined ? { appId: scope.appId } : {}),
      },
      body,
    );
    commentUrl = `${scope.htmlUrl}/${subject.kind === 'pr' ? 'pull' : 'issues'}/${subject.number}#issuecomment-${id}`;
  }
  if (state.origin.sha) {
    const spec: CheckRunSpec = {
      ...buildRunCheck(state, f.events, view, findings, resultPr?.url ?? commentUrl),
      completedAt: new Date(scope.clock.now()).toISOString(),
    };
    // The run check the start created is answered by the instance's listing of the commit's check runs (the one its
    // steps' checks were looked up in): no read while that listing is fresh. One it does not know is looked up on
    // GitHub as before, so a check another replica created is updated, never doubled and left in progress.
    const id =
      (await scope.checkRuns?.find(scope, state.origin.sha, RUN_CHECK_NAME, state.runId)) ??
      (await findCheckRun(scope.gh, scope.repo, state.origin.sha, RUN_CHECK_NAME, state.runId));
    if (id !== undefined) await updateCheckRun(scope.gh, scope.repo, id, spec);
    else {
      // Created first: inside `scope.checkRuns?.created(…)` the create would be skipped where the scope has no listing.
      const created = await createCheckRun(scope.gh, scope.repo, spec);
      scope.checkRuns?.created(scope, state.origin.sha, RUN_CHECK_NAME, state.runId, created);
    }
    // A pushed follow-up's conclusion also goes on the new head, where the pull request shows its checks now: created
    // once, like a step's check, through the instance's listing of that commit (read for the step's check just
    // before); the reconciler looks on GitHub first.
    if (pushedSha !== undefined) {
      const onHead = { ...spec, headSha: pushedSha };
      if (!scope.checkRuns || f.lookupCheck === true) {
        if ((await findCheckRun(scope.gh, scope.repo, pushedSha, RUN_CHECK_NAME, state.runId)) === undefined)
          await createCheckRun(scope.gh, scope.repo, onHead);
      } else await createClaimedCheckRun(scope, onHead);
    }
  }
  if (!paused && indexed) await deactivateRun(scope.gh, scope.repo, indexed, state.runId);
}
