import { readRunLedger } from '../../adapters/github/read-run-ledger.js';
import { listRuns } from '../../adapters/github/run-index.js';
import { applyStartClaims, buildRunStatus, fold } from '../../core/run/index.js';
import { reply } from '../report/reply.js';
import { renderLockStatus } from '../render/render-lock-status.js';
import { readLockTable } from '../run/run-lock.js';
import { renderProgress } from '../render/render-progress.js';
import type { CommandTrigger } from './command-trigger.js';

/** `/uet status`: the latest run of this pull request or issue, as its progress comment shows it. */
export async function statusCommand(t: CommandTrigger): Promise<void> {
  const { scope } = t;
  const subject = { kind: t.isPr ? ('pr' as const) : ('issue' as const), number: t.issueNumber };
  const latest = (await listRuns(scope.gh, scope.repo, 'index', subject)).at(-1);
  const ledger = latest && (await readRunLedger(scope.gh, scope.repo, latest.runId));
  if (!ledger) {
    await reply(
      scope,
      t.issueNumber,
      'No UET run here yet. Comment `/uet plan` to see what a run would do, or `/uet run` to start one.',
    );
    return;
  }
  const now = scope.clock.now();
  const state = fold(ledger.events);
  applyStartClaims(state, ledger.claims, new Date(now).toISOString(), () => scope.ids.newId());
  const lock = state.options.lock ? renderLockStatus(state.runId, state.options.lock.base, await readLockTable(scope, state.options.lock.base)) : '';
  await reply(
    scope,
    t.issueNumber,
    renderProgress(state, buildRunStatus(state, now), {
      workflow: `${scope.htmlUrl}/actions/workflows/${t.config.workflow}`,
    }) + lock,
  );
}
