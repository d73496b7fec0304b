import type { ReviewThread } from '../../core/review/index.js';
import type { GitHubClient, RepoRef } from './github-client.js';

interface RestReviewComment {
  id: number;
  body: string;
  path: string;
  line?: number | null;
  original_line?: number | null;
  diff_hunk: string;
  in_reply_to_id?: number;
  user: { login: string } | null;
}

const toThread = (root: RestReviewComment, replies: readonly RestReviewComment[]): ReviewThread => ({
  path: root.path,
  line: root.line ?? root.original_line ?? null,
  ...(root.diff_hunk ? { diffHunk: root.diff_hunk } : {}),
  comments: [root, ...replies].map((c) => ({ author: c.user?.login ?? 'ghost', body: c.body })),
});

/** The comments of one review, each as its own thread (path, line, code): GET …/reviews/{id}/comments, every page. */
export async function readReviewComments(
  gh: GitHubClient,
  repo: RepoRef,
  pull: number,
  reviewId: number,
): Promise<ReviewThread[]> {
  const out: ReviewThread[] = [];
  for (let page = 1; page <= 10; page++) {
    const { data } = await gh.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}/comments', {
      ...repo,
      pull_number: pull,
      review_id: reviewId,
      per_page: 100,
      page,
    });
    out.push(...(data as RestReviewComment[]).map((c) => toThread(c, [])));
    if (data.length < 100) break;
  }
  return out;
}

/**
 * The thread a review comment replies to: its first comment and every reply, in order, from the pull request's
 * review comments (GET …/pulls/{n}/comments, every page up to 1,000 comments).
 */
export async function readReviewThread(
  gh: GitHubClient,
  repo: RepoRef,
  pull: number,
  rootId: number,
): Promise<ReviewThread | undefined> {
  const all: RestReviewComment[] = [];
  for (let page = 1; page <= 10; page++) {
    const { data } = await gh.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/comments', {
      ...repo,
      pull_number: pull,
      per_page: 100,
      page,
    });
    all.push(...(data as RestReviewComment[]));
    if (data.length < 100) break;
  }
  const root = all.find((c) => c.id === rootId);
  if (!root) return undefined;
  const replies = all.filter((c) => c.in_reply_to_id === rootId).sort((a, b) => a.id - b.id);
  return toThread(root, replies);
}
