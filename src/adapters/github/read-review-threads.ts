import type { ReviewThread } from '../../core/review/index.js';
import type { GitHubClient, RepoRef } from './github-client.js';

/**
 * The unresolved review threads of a pull request. Only GitHub's GraphQL API says whether a thread is resolved
 * (`PullRequestReviewThread.isResolved`); the REST review comments do not. One query, checked against GitHub's
 * published schema in the tests (@octokit/graphql-schema): the first 100 threads, the first 20 comments of each
 * (a thread past that is rare; what is left out is said in the prompt by the count).
 */
export const REVIEW_THREADS_QUERY = `query ReviewThreads($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 100) {
        totalCount
        nodes {
          isResolved
          isOutdated
          path
          line
          originalLine
          comments(first: 20) {
            totalCount
            nodes {
              body
              diffHunk
              author { login }
            }
          }
        }
      }
    }
  }
}`;

interface ThreadsAnswer {
  repository: {
    pullRequest: {
      reviewThreads: {
        totalCount: number;
        nodes: {
          isResolved: boolean;
          isOutdated: boolean;
          path: string;
          line: number | null;
          originalLine: number | null;
          comments: { nodes: { body: string; diffHunk: string; author: { login: string } | null }[] };
        }[];
      };
    } | null;
  } | null;
}

/** A review thread as UET reads it, with the login of each comment's author (a deleted account is "ghost"). */
export async function readReviewThreads(gh: GitHubClient, repo: RepoRef, pull: number): Promise<ReviewThread[]> {
  const data = await gh.graphql<ThreadsAnswer>(REVIEW_THREADS_QUERY, {
    owner: repo.owner,
    name: repo.repo,
    number: pull,
  });
  const threads = data.repository?.pullRequest?.reviewThreads.nodes ?? [];
  return threads
    .filter((t) => !t.isResolved)
    .map((t) => ({
      path: t.path,
      line: t.isOutdated ? null : (t.line ?? t.originalLine),
      ...(t.comments.nodes[0]?.diffHunk ? { diffHunk: t.comments.nodes[0].diffHunk } : {}),
      comments: t.comments.nodes.map((c) => ({ author: c.author?.login ?? 'ghost', body: c.body })),
    }));
}
