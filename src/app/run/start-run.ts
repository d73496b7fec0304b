import { createCheckRun, findCheckRun } from '../../adapters/github/check-runs.js';
import { createRefOnce } from '../../adapters/github/create-ref-once.js';
import type { RunSubject } from '../../adapters/github/ledger-layout.js';
import type { RunLedger } from '../../adapters/github/read-run-ledger.js';
import { indexRun } from '../../adapters/github/run-index.js';
import { createRunLedger, LedgerConflictError } from '../../adapters/github/write-run-ledger.js';
import type { WorkstreamBundle } from '../../core/contracts/index.js';
import { recordRepoPolicy } from '../config/record-repo-policy.js';
import { UetError } from '../../core/errors.js';
import {
  applyEvent,
  buildRunCreated,
  fold,
  type RunEvent,
  type RunOptions,
  type RunOrigin,
  type RunState,
  type EventBody,
  type ApprovalRequiredData,
  recordedRunBranch,
  runRef,
} from '../../core/run/index.js';
import { readText } from '../../adapters/github/read-text.js';
import { findRunInstructions } from '../../core/review/index.js';
import { needsPrompts } from '../../core/run/index.js';
import { planCarryOver } from './plan-carry-over.js';
import { decideRound } from '../../core/run/index.js';
import type { RepoScope } from '../scope/repo-scope.js';
import { APP_CONFIG_PATH, type AppConfig } from '../config/app-config.js';
import { advanceRun, type Advanced } from './advance-run.js';
import { buildRunStartCheck } from './build-run-check.js';
import { runnerClassesFor } from './runner-classes.js';
import { describeApprovalWait } from './approval-check.js';
import { buildRunLock } from './run-lock.js';

export interface NewGitHubRun {
  readonly runId: string;
  readonly bundle: WorkstreamBundle;
  readonly options: Partial<Pick<RunOptions, 'max_parallel' | 'skip_workstreams' | 'push_branch' | 'parent_run_id' | 'bundle_path'>>;
  /** origin.sha is the pinned commit: the run branch starts there and every check run is on it. */
  readonly origin: RunOrigin & { sha: string };
  readonly subject: RunSubject;
  /**
   * What `.github/uet.yml` (default branch) says every run holds to, taken whole so that no way of starting a run
   * can leave a part out: the workflow it dispatches; the owner's patch policy, recorded in run_created
   * (options.repo_policy) so that every patch is held to it, in integrate as locally; the runner classes the bundle
   * may name (ADR 0026); the locks of its write scope on its base branch, when configured (ADR 0024).
   */
  readonly config: Pick<AppConfig, 'workflow' | 'policy' | 'runners' | 'locks'>;
  /** The run works on a fork's code (or on a result derived from one): its run ref is outside refs/heads (ADR 0017). */
  readonly fork?: boolean;
  /** The run waits after planning until approved (approval_required, recorded after run_created; ADR 0026). */
  readonly approval?: ApprovalRequiredData;
  /** A finished run this one retries: what succeeded there is carried over, not run again (ADR 0010). */
  readonly retryOf?: { readonly state: RunState; readonly rerun?: string };
}

export type StartResult = { ok: true; advanced: Advanced | undefined } | { ok: false; message: string };

/**
 * Creates a run on GitHub and drives its first wave: the ledger with run_created and the engine's first
 * bookkeeping (three writes), the run branch at the pinned commit, the first wave's start claims (on the new
 * ledger's head, unmoved: AdvanceInput.created), the two index refs, the "UET run" check in progress, then the
 * dispatches and the sticky comment. Safe to repeat for the same run id (a redelivered trigger): what exists is
 * kept, and a ledger that existed is indexed before anything is claimed.
 */
export async function startRun(scope: RepoScope, run: NewGitHubRun): Promise<StartResult> {
  const now = scope.clock.now();
  const ts = new Date(now).toISOString();
  // The repository's agent instructions at the pinned commit, for the prompts of AI steps (none for shell-only runs).
  const instructions = needsPrompts(run.bundle)
    ? await findRunInstructions((path) => readText(scope.gh, scope.repo, path, run.origin.sha))
    : undefined;
  const classes = runnerClassesFor(run.bundle, run.config.runners);
  if (!classes.ok) return { ok: false, message: `the bundle names runner classes .github/uet.yml does not map:\n${classes.problems.map((p) => `- ${p}`).join('\n')}` };
  const lock = run.config.locks ? await buildRunLock(scope, run.bundle, run.origin, run.config.locks) : undefined;
  let created: RunEvent;
  try {
    const options = {
      ...run.options,
      ...(instructions ? { instructions } : {}),
      repo: scope.fullName,
      base_commit: run.origin.sha,
      ...(run.config.policy ? { repo_policy: recordRepoPolicy(run.config.policy, `${APP_CONFIG_PATH} on ${scope.defaultBranch}`) } : {}),
      run_branch: recordedRunBranch(run.runId, run.fork === true),
      workflow: run.config.workflow,
      ...(Object.keys(classes.runners).length ? { runners: classes.runners } : {}),
      ...(run.fork === true ? { fork: true } : {}),
      ...(lock ? { lock } : {}),
    };
    created = buildRunCreated(
      run.runId,
      { bundle: run.bundle, options, origin: run.origin },
      ts,
      scope.ids.newId(),
    );
  } catch (error) {
    if (error instanceof UetError) return { ok: false, message: error.message };
    throw error;
  }
  const state = fold([created]);
  const events: RunEvent[] = [created];
  const record = (body: EventBody) => {
    const e = { event_id: scope.ids.newId(), run_id: run.runId, seq: state.seq + 1, ts, ...body };
    applyEvent(state, e);
    events.push(e);
  };
  if (run.approval) record({ type: 'approval_required', data: run.approval });
  const carried = await planCarryOver(scope, run);
  carried?.events.forEach(record);
  decideRound(state, () => events, now, record);
  let known: RunLedger | undefined;
  try {
    const head = await createRunLedger(scope.gh, scope.repo, run.runId, events);
    known = {
      runId: run.runId,
      head,
      text: events.map((e) => `${JSON.stringify(e)}\n`).join(''),
      events,
      claims: [],
    };
  } catch (error) {
    if (!(error instanceof LedgerConflictError)) throw error; // the ledger exists: this trigger was handled before
  }
  const first = known?.head ?? run.origin.sha;
  // The run branch starts at the pinned commit, or at the retried run's branch when its patches are carried over.
  // A fork run's is a ref outside refs/heads: an app push to a branch would start the repository's workflows.
  await createRefOnce(
    scope.gh,
    scope.repo,
    runRef(run.runId, state.options).slice('refs/'.length),
    carried?.branch ?? run.origin.sha,
  );
  const check = run.approval
    ? describeApprovalWait(state, run.approval)
    : buildRunStartCheck(
        run.runId,
        run.origin.sha,
        `Running ${run.bundle.bundle_name ?? run.bundle.bundle_id}`,
        `UET run \`${run.runId}\` started: ${state.plan.nodes.size} nodes, progress in the ${run.subject.kind === 'pr' ? 'pull request' : 'issue'} comment.`,
      );
  // The index refs (where the reconciler and the commands find the run) and the "UET run" check, once.
  let published: Promise<void> | undefined;
  const publish = () =>
    (published ??= (async () => {
      await indexRun(scope.gh, scope.repo, run.subject, run.runId, first);
      if (known || (await findCheckRun(scope.gh, scope.repo, run.origin.sha, check.name, run.runId)) === undefined) {
        // Created first, whatever the scope: `scope.checkRuns?.created(…, await createCheckRun(…))` would skip the
        // create itself in a scope without a listing (the reconciler's, which starts scheduled runs).
        const id = await createCheckRun(scope.gh, scope.repo, check);
        // Recorded in the instance's listing of the commit's check runs: the end of the run finds it there (finishRun).
        scope.checkRuns?.created(scope, run.origin.sha, check.name, run.runId, id);
      }
    })());
  // A ledger created here is published after its first wave's claims, which then need no move of the ledger head
  // (AdvanceInput.created); one that existed (a redelivered trigger) is published first, as any run's.
  if (!known) await publish();
  let advanced: Advanced | undefined;
  try {
    advanced = await advanceRun(scope, run.runId, {
      workflow: run.config.workflow,
      reportAlways: true,
      ...(known ? { known, created: { publish } } : {}),
    });
  } finally {
    // Whatever failed in the advance, the run is indexed, so the reconciler finishes its start.
    await publish();
  }
  return { ok: true, advanced };
}
