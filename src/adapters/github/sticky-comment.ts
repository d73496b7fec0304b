import { NO_RETRY, isAmbiguousFailure, type GitHubClient, type RepoRef } from './github-client.js';
import { createRefOnce } from './create-ref-once.js';
import { commentRef, type RunSubject } from './ledger-layout.js';

/** The hidden marker that identifies a run's sticky comment among an issue's comments. */
export const stickyMarker = (runId: string) => `<!-- uet:run:${runId} -->`;

/**
 * Writes a run's one progress comment: edits it in place when its id is known, else creates it and records its id
 * as the ref `uet/runs/<run_id>-comment/<id>` (pointing at `ledgerHead`), so that later edits need no lookup.
 * A create whose answer was lost is looked up by its marker before it is repeated.
 */
export async function writeStickyComment(
  gh: GitHubClient,
  repo: RepoRef,
  subject: RunSubject,
  run: { runId: string; commentId?: number; ledgerHead: string },
  text: string,
): Promise<number> {
  const body = `${stickyMarker(run.runId)}\n${text}`;
  if (run.commentId !== undefined) {
    await gh.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
      ...repo,
      comment_id: run.commentId,
      body,
    });
    return run.commentId;
  }
  const create = async () =>
    Number(
      (
        await gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          ...repo,
          issue_number: subject.number,
          body,
          ...NO_RETRY,
        })
      ).data.id,
    );
  let id: number;
  try {
    id = await create();
  } catch (error) {
    if (!isAmbiguousFailure(error)) throw error;
    id = (await findStickyComment(gh, repo, subject, run.runId)) ?? (await create());
  }
  await createRefOnce(gh, repo, commentRef(run.runId, id), run.ledgerHead);
  return id;
}

async function findStickyComment(
  gh: GitHubClient,
  repo: RepoRef,
  subject: RunSubject,
  runId: string,
): Promise<number | undefined> {
  const { data } = await gh.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    ...repo,
    issue_number: subject.number,
    per_page: 100,
  });
  const found = data.find((c) => c.body?.startsWith(stickyMarker(runId)));
  return found ? Number(found.id) : undefined;
}
