import type { Context } from 'probot';
import { triggerKey } from '../../adapters/github/claim-trigger.js';
import { readReviewComments, readReviewThread } from '../../adapters/github/read-review-comments.js';
import type { CommandTrigger } from '../commands/command-trigger.js';
import { parseFix } from '../commands/parse-command.js';
import { acceptTrigger } from '../intake/accept-trigger.js';
import { prose } from '../render/markdown.js';
import { reply } from '../report/reply.js';
import { fixCommand } from '../review/fix-command.js';
import { repoScope, type AppServices, type RepoScope } from '../scope/repo-scope.js';

/** A review body or review comment that starts with `/uet fix`: its parsed command, or undefined (no request). */
const fixOf = (body: string | null | undefined) =>
  body && /^\s*\/uet\s+fix(?:\s|$)/i.test(body) ? parseFix(body) : undefined;

interface ReviewTrigger {
  readonly scope: RepoScope;
  readonly context: Context;
  readonly sender: { login: string; type: string };
  readonly pull: number;
  readonly claimKey: string;
  readonly at: string;
}

/** The front door of a review trigger, as for a comment: authorization, the claim, 👀 on the pull request. */
async function accept(r: ReviewTrigger): Promise<CommandTrigger | undefined> {
  const accepted = await acceptTrigger({
    scope: r.scope,
    deliveryId: r.context.id,
    sender: r.sender,
    own: false,
    claimKey: r.claimKey,
    replyTo: r.pull,
    react: { issueNumber: r.pull },
  });
  if (!accepted.ok) return undefined;
  return {
    scope: r.scope,
    deliveryId: r.context.id,
    actor: r.sender.login,
    issueNumber: r.pull,
    isPr: true,
    authorizedAt: r.at,
    runId: accepted.runId,
    config: accepted.config,
    originKind: 'github_comment',
  };
}

/**
 * `pull_request_review.submitted` whose body starts with `/uet fix`: the review's comments (each with its path,
 * line and code) are the instructions, with the body's words after the command. The review names the commit it
 * reviewed (`commit_id`): the follow-up runs on that commit or not at all. Any other review costs no request.
 */
export function handlePullRequestReview(services: AppServices) {
  return async (context: Context<'pull_request_review.submitted'>): Promise<void> => {
    const { review, pull_request: pr, sender, repository } = context.payload;
    const parsed = fixOf(review.body);
    if (!parsed) return;
    const scope = repoScope(context.octokit, repository, context.log, services);
    const t = await accept({
      scope,
      context,
      sender: { login: sender.login, type: sender.type },
      pull: pr.number,
      claimKey: triggerKey('review', review.id),
      at: review.submitted_at ?? new Date(scope.clock.now()).toISOString(),
    });
    if (!t) return;
    if (parsed.kind !== 'command' || parsed.command.name !== 'fix') {
      await reply(scope, pr.number, `UET did not understand that review: ${prose(parsed.kind === 'invalid' ? parsed.message : 'not a fix', 300)}.`);
      return;
    }
    const threads = await readReviewComments(scope.gh, scope.repo, pr.number, review.id);
    await fixCommand(t, {
      instructions: parsed.command.instructions,
      threads,
      head: parsed.command.head ?? review.commit_id,
      ...(parsed.command.tool !== undefined ? { tool: parsed.command.tool } : {}),
    });
  };
}

/**
 * `pull_request_review_comment.created` that replies in a review thread with `/uet fix`: that thread (its first
 * comment and the replies before this one) is the request, with the reply's words. The comment names the commit it
 * was made on. A comment that is not a reply is part of a review, whose own event decides.
 */
export function handlePullRequestReviewComment(services: AppServices) {
  return async (context: Context<'pull_request_review_comment.created'>): Promise<void> => {
    const { comment, pull_request: pr, sender, repository } = context.payload;
    const parsed = fixOf(comment.body);
    if (!parsed || comment.in_reply_to_id === undefined) return;
    const scope = repoScope(context.octokit, repository, context.log, services);
    const t = await accept({
      scope,
      context,
      sender: { login: sender.login, type: sender.type },
      pull: pr.number,
      claimKey: triggerKey('review-comment', comment.id),
      at: comment.created_at,
    });
    if (!t) return;
    if (parsed.kind !== 'command' || parsed.command.name !== 'fix') {
      await reply(scope, pr.number, `UET did not understand that reply: ${prose(parsed.kind === 'invalid' ? parsed.message : 'not a fix', 300)}.`);
      return;
    }
    const thread = await readReviewThread(scope.gh, scope.repo, pr.number, comment.in_reply_to_id);
    // The `/uet fix` replies of the thread (this one included) are requests, not review text.
    const said = thread?.comments.filter((c) => !/^\s*\/uet\s+fix(?:\s|$)/i.test(c.body)) ?? [];
    await fixCommand(t, {
      instructions: parsed.command.instructions,
      threads: thread && said.length ? [{ ...thread, comments: said }] : [],
      head: parsed.command.head ?? comment.commit_id,
      ...(parsed.command.tool !== undefined ? { tool: parsed.command.tool } : {}),
    });
  };
}
