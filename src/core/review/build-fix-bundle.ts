import type { WorkstreamBundle } from '../contracts/index.js';
import { renderFixInstruction, type FixRequest } from './render-fix-instruction.js';

export type { FixRequest, ReviewComment, ReviewThread, GateFailure } from './render-fix-instruction.js';

/** The one step of a follow-up run: its id is what check runs and the sticky comment name. */
export const FIX_STEP_ID = 'fix';
export const REQUEST_STEP_ID = 'request';

const firstLine = (text: string, max: number) => {
  const line = text.trim().split(/\r?\n/, 1)[0]?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/**
 * The bundle of a follow-up run (`/uet fix` on a pull request, a review, or a request in plain words on an issue):
 * one workstream with one step, done by `tool`, whose instruction holds the writer's text, the review threads and
 * the failed gate's output (renderFixInstruction). The repository's patch policy applies as for any run (it is
 * recorded in run_created), and so does its budget cap. Pure.
 */
export function buildFixBundle(request: FixRequest, tool: string, maxCostUsd?: number): WorkstreamBundle {
  const s = request.subject;
  const onIssue = s.kind === 'issue';
  const summary = firstLine(request.instructions, 60) || (request.threads.length ? 'the review' : 'the request');
  const stepId = onIssue ? REQUEST_STEP_ID : FIX_STEP_ID;
  return {
    bundle_id: `${onIssue ? 'request-issue' : 'fix-pr'}-${s.number}`,
    bundle_name: `${onIssue ? 'Request' : 'Fix'} on #${s.number}: ${summary}`,
    description: onIssue
      ? `A request in plain words on issue #${s.number}, done in one step; its result PR closes the issue.`
      : `A follow-up of pull request #${s.number}, done in one step and pushed to its head branch.`,
    ...(maxCostUsd !== undefined ? { max_cost_usd: maxCostUsd } : {}),
    max_parallel: 1,
    workstreams: [
      {
        ws_id: onIssue ? 'request' : 'fix',
        name: onIssue ? `Issue #${s.number}` : `Pull request #${s.number}`,
        steps: [
          {
            step_id: stepId,
            name: onIssue ? 'Carry out the request' : 'Address the review',
            tool_profile_id: tool,
            context: { instruction: renderFixInstruction(request) },
            // One attempt more for a rate limit or a lost runner, never a second answer to the same request.
            resilience: { max_retries: 1, retry_on: ['timeout', 'rate_limit', 'transient_error'] },
          },
        ],
      },
    ],
  };
}
