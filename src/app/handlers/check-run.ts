import type { Context } from 'probot';
import { triggerKey } from '../../adapters/github/claim-trigger.js';
import { readRunLedger } from '../../adapters/github/read-run-ledger.js';
import { fold } from '../../core/run/index.js';
import type { CommandTrigger } from '../commands/command-trigger.js';
import { retryCommand } from '../commands/retry-command.js';
import { acceptTrigger } from '../intake/accept-trigger.js';
import { CANCEL_RUN_ACTION } from '../run/build-run-check.js';
import { cancelRecords, stopRun } from '../run/cancel-run.js';
import { parseExternalId } from '../render/build-node-check.js';
import { runSubject } from '../run/run-subject.js';
import { repoScope, type AppServices } from '../scope/repo-scope.js';

type CheckRunContext = Context<'check_run.rerequested'> | Context<'check_run.requested_action'>;

/**
 * The trigger key of a click: the check run, the button (or the re-run link) and the check run's version (its
 * completion time, which moves when the app completes the check again, as a paused run's check is on each pause).
 * Not the delivery: a click replayed under another delivery id is the same click and starts nothing more, while a
 * click on the check as the app last wrote it (a run paused again, and resumed again) is a new one.
 */
export function clickKey(payload: CheckRunContext['payload']): string {
  const check = payload.check_run as { id: number; completed_at?: string | null; started_at?: string | null };
  return triggerKey('check', check.id, button(payload), check.completed_at ?? check.started_at ?? '');
}

const button = (payload: CheckRunContext['payload']): string =>
  payload.action === 'requested_action'
    ? ((payload as { requested_action?: { identifier?: string } }).requested_action?.identifier ?? 'action')
    : 'rerequested';

/**
 * `check_run.rerequested` (the "Re-run" link) and `check_run.requested_action` (the "Retry step", "Re-run gate",
 * "Retry run" and "Resume run" buttons) on one of UET's check runs: a retry, by the clicker if they may write.
 * "Cancel run" on the run check of a run that has not ended cancels it, as `/uet cancel` does (and is the way to
 * cancel a scheduled run).
 */
export function handleCheckRun(services: AppServices, appId: number | undefined) {
  return async (context: CheckRunContext): Promise<void> => {
    const { check_run: check, sender, repository } = context.payload;
    if (appId !== undefined && check.app?.id !== undefined && check.app.id !== appId) return;
    const target = parseExternalId(check.external_id);
    if (!target) return;
    const scope = repoScope(context.octokit, repository, context.log, services);
    const accepted = await acceptTrigger({
      scope,
      deliveryId: context.id,
      sender: { login: sender.login, type: sender.type },
      own: false,
      claimKey: clickKey(context.payload),
    });
    if (!accepted.ok) return;
    if (button(context.payload) === CANCEL_RUN_ACTION.identifier && target.nodeId === undefined) {
      await stopRun(scope, target.runId, accepted.config.workflow, cancelRecords(sender.login, 'the "Cancel run" button'));
      return;
    }
    const ledger = await readRunLedger(scope.gh, scope.repo, target.runId);
    const subject =
      ledger && ledger.events.length ? runSubject(fold(ledger.events.slice(0, 1)).origin) : undefined;
    if (!subject) return;
    const t: CommandTrigger = {
      scope,
      deliveryId: context.id,
      actor: sender.login,
      issueNumber: subject.number,
      isPr: subject.kind === 'pr',
      runId: accepted.runId,
      config: accepted.config,
      originKind: 'check_rerun',
    };
    await retryCommand(t, {
      runId: target.runId,
      ...(target.nodeId !== undefined ? { stepId: target.nodeId } : {}),
    });
  };
}
