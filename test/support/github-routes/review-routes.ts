import { fail, ok, user, type GitHubRoute } from './github-route.js';
import type { GitHubState, ReviewCommentRecord } from './github-state.js';
import { paginate } from './paginate.js';

const commentJson = (s: GitHubState, c: ReviewCommentRecord) => ({
  id: c.id,
  node_id: 'PRRC_node',
  pull_request_review_id: c.reviewId,
  body: c.body,
  path: c.path,
  line: c.line,
  original_line: c.line,
  diff_hunk: c.diffHunk,
  commit_id: c.commitId,
  original_commit_id: c.commitId,
  user: user(c.user),
  html_url: `${s.htmlUrl}/pull/${c.pull}#discussion_r${c.id}`,
  ...(c.inReplyTo !== undefined ? { in_reply_to_id: c.inReplyTo } : {}),
});

/**
 * The review threads of a pull request as GitHub's GraphQL API answers the one query UET sends
 * (src/adapters/github/read-review-threads.ts), after the request was checked against GitHub's GraphQL schema:
 * threads are first comments with their replies, resolved or not.
 */
function reviewThreads(s: GitHubState, pull: number) {
  const mine = s.reviewComments.filter((c) => c.pull === pull);
  const roots = mine.filter((c) => c.inReplyTo === undefined);
  return roots.map((r) => {
    const comments = [r, ...mine.filter((c) => c.inReplyTo === r.id)];
    return {
      isResolved: s.resolvedThreads.has(r.id),
      isOutdated: false,
      path: r.path,
      line: r.line,
      originalLine: r.line,
      comments: {
        totalCount: comments.length,
        nodes: comments.map((c) => ({ body: c.body, diffHunk: c.diffHunk, author: { login: c.user } })),
      },
    };
  });
}

/** Branches and their rules, review comments, and GraphQL's review threads. */
export const reviewRoutes: Record<string, GitHubRoute<GitHubState>> = {
  'GET /repos/{owner}/{repo}/branches/{branch}': async ({ params, state }) => {
    const sha = await state.git.resolve(`refs/heads/${params.branch}`);
    if (!sha) return fail(404, 'Branch not found');
    return ok({
      name: params.branch,
      commit: { sha },
      protected: state.protectedBranches.has(params.branch!),
      protection_url: `${state.htmlUrl}/branches/${params.branch}/protection`,
    });
  },
  'GET /repos/{owner}/{repo}/rules/branches/{branch}': (req) => {
    const rules = req.state.branchRules.get(req.params.branch!) ?? [];
    const { items, headers } = paginate(req, rules);
    return { ...ok(items.map((r) => ({ ...r, ruleset_source_type: 'Repository', ruleset_id: 1 }))), headers };
  },
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/comments': (req) => {
    const all = req.state.reviewComments.filter(
      (c) => c.pull === Number(req.params.pull_number) && c.reviewId === Number(req.params.review_id),
    );
    const { items, headers } = paginate(req, all);
    return { ...ok(items.map((c) => commentJson(req.state, c))), headers };
  },
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments': (req) => {
    const all = req.state.reviewComments.filter((c) => c.pull === Number(req.params.pull_number));
    const { items, headers } = paginate(req, all);
    return { ...ok(items.map((c) => commentJson(req.state, c))), headers };
  },
  'POST /graphql': ({ body, state }) => {
    const v = (body as { variables?: { owner?: string; name?: string; number?: number } }).variables ?? {};
    if (`${v.owner}/${v.name}` !== state.fullName || !state.pulls.has(Number(v.number)))
      return ok({ data: { repository: null }, errors: [{ type: 'NOT_FOUND', message: 'Could not resolve' }] });
    const nodes = reviewThreads(state, Number(v.number));
    return ok({ data: { repository: { pullRequest: { reviewThreads: { totalCount: nodes.length, nodes } } } } });
  },
};
