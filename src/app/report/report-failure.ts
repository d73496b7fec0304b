import type { Context } from 'probot';
import { NO_RETRY } from '../../adapters/github/github-client.js';
import { describeFailure } from './describe-failure.js';

/**
 * The app's one place that turns an error into an outcome: it is logged with the delivery, and a command's
 * author gets a reply saying what failed and what to fix (never for bots, never for the app's own events).
 */
export async function reportFailure(context: Context, handler: string, error: unknown): Promise<void> {
  context.log.error({ err: error, delivery: context.id }, `uet: ${handler} failed`);
  const payload = context.payload as {
    comment?: { id: number };
    issue?: { number: number };
    sender?: { type?: string };
    repository?: { name: string; owner: { login: string } };
  };
  if (
    !payload.issue ||
    !payload.repository ||
    payload.sender?.type === 'Bot' ||
    !(payload.comment || handler === 'issues.labeled')
  )
    return;
  try {
    await context.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner: payload.repository.owner.login,
      repo: payload.repository.name,
      issue_number: payload.issue.number,
      body: `UET could not finish this command: ${describeFailure(error)}\n\n<sub>delivery ${context.id}; the reconciler picks up a run that was started.</sub>`,
      ...NO_RETRY,
    });
  } catch (replyError) {
    context.log.error({ err: replyError }, 'uet: could not report the failure');
  }
}
