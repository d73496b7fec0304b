import { NO_RETRY } from '../../adapters/github/github-client.js';
import type { RepoScope } from '../scope/repo-scope.js';
import { BODY_LIMIT } from '../render/markdown.js';

/** Posts a reply comment on an issue or pull request (one write, never retried blindly: the trigger claim dedupes). */
export async function reply(scope: RepoScope, issueNumber: number, body: string): Promise<void> {
  const text = body.length > BODY_LIMIT ? `${body.slice(0, BODY_LIMIT - 40)}\n\n_… (cut)_` : body;
  await scope.gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    ...scope.repo,
    issue_number: issueNumber,
    body: text,
    ...NO_RETRY,
  });
}

/** The 👀 reaction that tells a command was accepted (GitHub answers 200 for a reaction that exists: idempotent). */
export async function reactEyes(
  scope: RepoScope,
  target: { commentId: number } | { issueNumber: number },
): Promise<void> {
  if ('commentId' in target) {
    await scope.gh.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', {
      ...scope.repo,
      comment_id: target.commentId,
      content: 'eyes',
    });
  } else {
    await scope.gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/reactions', {
      ...scope.repo,
      issue_number: target.issueNumber,
      content: 'eyes',
    });
  }
}
