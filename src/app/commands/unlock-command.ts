import { readRunLedger } from '../../adapters/github/read-run-ledger.js';
import { fold } from '../../core/run/index.js';
import { reply } from '../report/reply.js';
import { advanceRun } from '../run/advance-run.js';
import { cancelRecords, stopRun } from '../run/cancel-run.js';
import { breakRunLock, isTerminal, listLockBases, readLockTable } from '../run/run-lock.js';
import type { CommandTrigger } from './command-trigger.js';

/**
 * `/uet unlock <run_id>` (ADR 0024): a writer breaks a run's lock (the trigger was accepted only from a commenter
 * with write access). The run, if it still runs, is canceled first, so that two overlapping runs still never run at
 * once; the queued runs that may hold then are started. `/uet unlock --reset <branch>` empties a branch's lock table,
 * for a table someone else wrote.
 */
export async function unlockCommand(t: CommandTrigger, cmd: { name: 'unlock'; runId: string } | { name: 'unlock-reset'; base: string }): Promise<void> {
  const { scope } = t;
  const workflow = t.config.workflow;
  if (cmd.name === 'unlock-reset') {
    const r = await breakRunLock(scope, cmd.base, undefined);
    await reply(scope, t.issueNumber, r.released ? `The lock table of \`${cmd.base}\` was emptied by @${t.actor}. Queued runs start on the reconciler's next pass.` : `The lock table of \`${cmd.base}\` was already empty.`);
    return;
  }
  const ledger = await readRunLedger(scope.gh, scope.repo, cmd.runId);
  const state = ledger ? fold(ledger.events) : undefined;
  let canceled = false;
  if (state && !isTerminal(state)) {
    await stopRun(scope, cmd.runId, workflow, cancelRecords(t.actor, '/uet unlock: its lock was broken'));
    canceled = true;
  }
  const bases = state?.options.lock ? [state.options.lock.base] : await listLockBases(scope);
  const freed: string[] = [];
  const runnable = new Set<string>();
  for (const base of bases) {
    const { table } = await readLockTable(scope, base);
    if (!table.entries.some((e) => e.run_id === cmd.runId)) continue;
    const r = await breakRunLock(scope, base, cmd.runId);
    if (r.released) freed.push(base);
    r.runnable.forEach((id) => runnable.add(id));
  }
  await reply(
    scope,
    t.issueNumber,
    freed.length
      ? `@${t.actor} broke the lock of run \`${cmd.runId}\` on ${freed.map((b) => `\`${b}\``).join(', ')}${canceled ? '; the run was canceled' : ''}.${runnable.size ? ` Starting the queued run${runnable.size > 1 ? 's' : ''} ${[...runnable].map((id) => `\`${id}\``).join(', ')}.` : ''}`
      : `Run \`${cmd.runId}\` holds no lock${canceled ? ' (it was canceled)' : ''}.`,
  );
  for (const id of runnable) await advanceRun(scope, id, { workflow });
}
