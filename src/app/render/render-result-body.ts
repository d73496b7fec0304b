import { buildCostReport, type RunEvent, type RunState, type RunStatusView } from '../../core/run/index.js';
import { renderCostTotal } from './render-cost.js';
import { cell, fitBody } from './markdown.js';
import { renderRunReport } from './render-run-report.js';
import { RUN_MARK } from './state-marks.js';

/**
 * The body of a run's result PR: what was run and how it went, the steps, the patches with their ids, scope and
 * ledger state, the quarantined patches, the gates and the cost; `Closes #N` for an issue's run. Pure.
 */
export function renderResultBody(
  state: RunState,
  events: readonly RunEvent[],
  view: RunStatusView,
  approval?: { by: string; sha: string },
): string {
  const o = state.origin;
  const fork = approval
    ? `**From a fork.** This run worked on code from a fork${o.ref?.startsWith('refs/pull/') ? ` (the head of #${o.pr_number})` : ''}. @${approval.by} approved its result \`${approval.sha}\` with \`/uet approve\`; the repository's workflows run on it from here. Review every commit, the fork's included.`
    : '';
  const intro = [
    `This pull request holds the result of UET run \`${state.runId}\` (${RUN_MARK[state.status] ?? state.status}): bundle **${cell(state.plan.bundle.bundle_name ?? state.plan.bundle.bundle_id, 80)}**, ${view.succeeded}/${view.total} steps succeeded${o.sha ? ` on \`${o.sha.slice(0, 7)}\`` : ''}.`,
    view.message ? `> ${cell(view.message, 500)}` : '',
    `**Cost:** ${renderCostTotal(buildCostReport(state))}.`,
    fork,
    'Review it like any other change: UET never merges. Each commit carries `UET-Run` and `UET-Step` trailers; the events and ledger entries are in `refs/uet/runs/' +
      state.runId +
      '`.',
    o.issue_number !== undefined && o.pr_number === undefined
      ? `\nCloses #${o.issue_number}`
      : o.pr_number !== undefined
        ? `\nRequested in #${o.pr_number}.`
        : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  return fitBody([intro, ...renderRunReport(state, events, view)]);
}
