import { listRuns } from '../../adapters/github/run-index.js';
import { reply } from '../report/reply.js';
import { cancelRecords, stopRun } from '../run/cancel-run.js';
import type { CommandTrigger } from './command-trigger.js';

/** `/uet cancel`: cancels every active run of this pull request or issue. */
export async function cancelCommand(t: CommandTrigger): Promise<void> {
  const { scope } = t;
  const subject = { kind: t.isPr ? ('pr' as const) : ('issue' as const), number: t.issueNumber };
  const active = await listRuns(scope.gh, scope.repo, 'active', subject);
  if (!active.length) {
    await reply(scope, t.issueNumber, 'No active UET run here to cancel.');
    return;
  }
  for (const run of active)
    await stopRun(scope, run.runId, t.config.workflow, cancelRecords(t.actor, '/uet cancel'));
}
