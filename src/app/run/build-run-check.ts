import type { CheckAnnotation, CheckRunSpec } from '../../adapters/github/check-runs.js';
import type { RunEvent, RunState, RunStatusView } from '../../core/run/index.js';
import type { PolicyFinding } from '../policy/check-result-policy.js';
import { cell, fitBody } from '../render/markdown.js';
import { renderRunReport } from '../render/render-run-report.js';
import { RUN_MARK } from '../render/state-marks.js';

export const RUN_CHECK_NAME = 'UET run';

const CONCLUSION = {
  succeeded: 'success',
  failed: 'failure',
  canceled: 'cancelled',
  quarantined: 'failure',
  paused: 'action_required',
} as const;

/**
 * The button of a run that has not ended: it cancels that run, whatever started it (a scheduled run has no pull
 * request or issue to say `/uet cancel` on).
 */
export const CANCEL_RUN_ACTION = { label: 'Cancel run', identifier: 'cancel_run', description: 'Cancel this run' } as const;

/** The "UET run" check of a run that started: in progress on the triggering commit, with its "Cancel run" button. */
export function buildRunStartCheck(
  runId: string,
  headSha: string,
  title: string,
  summary: string,
): CheckRunSpec {
  return {
    name: RUN_CHECK_NAME,
    headSha,
    externalId: runId,
    status: 'in_progress',
    title,
    summary,
    actions: [CANCEL_RUN_ACTION],
  };
}

/**
 * The "UET run" check of a run that ended or paused: its conclusion, the run report as the summary (within
 * 65,535 characters), the policy findings on the result as annotations, and a retry or resume button.
 */
export function buildRunCheck(
  state: RunState,
  events: readonly RunEvent[],
  view: RunStatusView,
  findings: readonly PolicyFinding[],
  detailsUrl?: string,
): CheckRunSpec {
  const status = state.status as keyof typeof CONCLUSION;
  const conclusion = findings.length ? 'failure' : (CONCLUSION[status] ?? 'neutral');
  const annotations: CheckAnnotation[] = findings.map((x) => ({
    path: x.path,
    start_line: 1,
    end_line: 1,
    annotation_level: 'failure',
    title: 'patch policy',
    message: x.message,
  }));
  const headline = `${RUN_MARK[state.status] ?? state.status}: ${view.succeeded}/${view.total} steps succeeded${view.message ? ` — ${cell(view.message, 300)}` : ''}`;
  const policy = findings.length
    ? [
        `#### Patch policy on the result\n${findings
          .slice(0, 100)
          .map((x) => `- \`${cell(x.path, 200)}\`: ${cell(x.message, 200)}`)
          .join('\n')}`,
      ]
    : [];
  const action =
    state.status === 'paused'
      ? [{ label: 'Resume run', identifier: 'resume_run', description: 'Resume this paused run' }]
      : conclusion === 'failure' || state.status === 'canceled'
        ? [{ label: 'Retry run', identifier: 'retry_run', description: 'Run this bundle again' }]
        : [];
  return {
    name: RUN_CHECK_NAME,
    headSha: state.origin.sha ?? '',
    externalId: state.runId,
    status: 'completed',
    conclusion,
    title: headline.slice(0, 255),
    summary: fitBody([headline, ...policy, ...renderRunReport(state, events, view)]),
    ...(detailsUrl ? { detailsUrl } : {}),
    ...(annotations.length ? { annotations } : {}),
    // Always sent, empty too: the in-progress check's "Cancel run" button must not outlive the run.
    actions: action,
  };
}
