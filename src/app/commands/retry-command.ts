import { readRunLedger } from '../../adapters/github/read-run-ledger.js';
import { listRuns } from '../../adapters/github/run-index.js';
import { createCheckRun } from '../../adapters/github/check-runs.js';
import { applyStartClaims, fold } from '../../core/run/index.js';
import { reply } from '../report/reply.js';
import { fixCommand } from '../review/fix-command.js';
import { advanceRun } from '../run/advance-run.js';
import { buildRunStartCheck } from '../run/build-run-check.js';
import type { CommandTrigger } from './command-trigger.js';
import { readDefaultHead, startIssueRun } from './issue-run.js';
import { runCommand } from './run-command.js';

/**
 * `/uet retry [<step-id>]`, and the retry buttons of check runs. A paused run resumes (run_resumed: escalated steps
 * are queued again) unless it paused because the head moved, which needs a new run. A finished run runs again as a
 * new run of its recorded bundle and options, pinned to the current head (the engine never reopens a finished
 * run). When the head is still the old run's, the new run starts from the old run branch and carries over what
 * succeeded: only what failed, was skipped or canceled (or the named step) and its dependents run again. A
 * follow-up is asked again as a follow-up (fixCommand with its recorded bundle). A running run is left alone.
 */
export async function retryCommand(
  t: CommandTrigger,
  target: { runId?: string; stepId?: string },
): Promise<void> {
  const { scope } = t;
  const subject = { kind: t.isPr ? ('pr' as const) : ('issue' as const), number: t.issueNumber };
  const runId = target.runId ?? (await listRuns(scope.gh, scope.repo, 'index', subject)).at(-1)?.runId;
  const ledger = runId !== undefined ? await readRunLedger(scope.gh, scope.repo, runId) : undefined;
  if (!runId || !ledger) {
    await reply(scope, t.issueNumber, 'No UET run here to retry. Comment `/uet run` to start one.');
    return;
  }
  const state = fold(ledger.events);
  applyStartClaims(state, ledger.claims, new Date(scope.clock.now()).toISOString(), () => scope.ids.newId());
  if (target.stepId !== undefined && !state.plan.nodes.has(target.stepId)) {
    await reply(
      scope,
      t.issueNumber,
      `Run \`${runId}\` has no step \`${target.stepId}\` (steps: ${[...state.plan.nodes.keys()]
        .filter((k) => !k.startsWith('gate:'))
        .slice(0, 20)
        .join(', ')}).`,
    );
    return;
  }
  if (state.status === 'running' || state.status === 'pending') {
    await reply(
      scope,
      t.issueNumber,
      `Run \`${runId}\` is still running. Wait for it to end, or \`/uet cancel\` it first.`,
    );
    return;
  }
  if (state.status === 'paused' && state.pause?.reason !== 'head_moved') {
    if (state.origin.sha)
      await createCheckRun(
        scope.gh,
        scope.repo,
        buildRunStartCheck(runId, state.origin.sha, 'Resumed', `Run \`${runId}\` resumed by ${t.actor}.`),
      );
    await advanceRun(scope, runId, {
      workflow: t.config.workflow,
      reportAlways: true,
      records: (s) => (s.status === 'paused' ? [{ type: 'run_resumed', data: { by: t.actor } }] : []),
    });
    return;
  }
  // A follow-up (ADR 0023) is asked again as a follow-up: the same bundle on the head as of the retry (a button:
  // the retried run's commit), pushed to the same branch; never a result PR, never on the commit it was asked for.
  if (state.options.push_branch !== undefined && subject.kind === 'pr') {
    await fixCommand(t, {
      instructions: '',
      ...(t.originKind === 'check_rerun' && state.origin.sha ? { head: state.origin.sha } : {}),
      recorded: {
        bundle: state.plan.bundle,
        ...(state.options.parent_run_id !== undefined ? { parentRunId: state.options.parent_run_id } : {}),
      },
    });
    return;
  }
  // What succeeded is carried over, not run again, unless the run succeeded and no step is named (run it all).
  const retryOf =
    state.status !== 'succeeded' || target.stepId !== undefined
      ? { state, ...(target.stepId !== undefined ? { rerun: target.stepId } : {}) }
      : undefined;
  // A button re-authorizes the retried run's commit, no other; a comment authorizes the head as of its writing.
  const recorded = {
    bundle: state.plan.bundle,
    options: state.options,
    ...(retryOf ? { retryOf } : {}),
    ...(t.originKind === 'check_rerun' && state.origin.sha ? { head: state.origin.sha } : {}),
  };
  const kind = t.originKind;
  // A labelled issue's run from before bundle paths were recorded read its bundle from a path unknown now: it is
  // held to every requirement (fail closed), which an issue cannot meet. (A request in plain words has no path: the
  // app wrote its bundle.)
  const all = [...new Set(t.config.requirements.flatMap((e) => e.requires))].sort();
  if (subject.kind === 'issue' && state.options.bundle_path === undefined && state.origin.kind === 'github_label' && all.length) {
    await reply(
      scope,
      t.issueNumber,
      `UET will not run this bundle from an issue: its run recorded no bundle path (it started before paths were recorded), so it is held to every requirement of \`.github/uet.yml\` (it requires ${all.join(' and ')} of the pull request it runs on), and an issue has none. Run it with \`/uet run\` on a pull request.`,
    );
    return;
  }
  if (subject.kind === 'pr') await runCommand(t, { name: 'run', skipWorkstreams: [] }, recorded);
  else await startIssueRun(t, recorded.bundle, await readDefaultHead(t), kind, recorded.options, retryOf);
}
