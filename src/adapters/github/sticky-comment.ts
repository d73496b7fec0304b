import { decodeTime } from 'ulid';
import { createOnce } from './create-once.js';
import { NO_RETRY, type GitHubClient, type RepoRef } from './github-client.js';
import { createRefOnce } from './create-ref-once.js';
import { commentRef, type RunSubject } from './ledger-layout.js';

/** The hidden marker that identifies a run's sticky comment among an issue's comments. */
export const stickyMarker = (runId: string) => `<!-- uet:run:${runId} -->`;

/**
 * Writes a run's one progress comment: edits it in place when its id is known, else creates it and records its id
 * as the ref `uet/runs/<run_id>-comment/<id>` (pointing at `ledgerHead`), so that later edits need no lookup.
 * Without a known id, the comment is looked up by its marker first; a create whose answer was lost is looked up
 * again before it is repeated.
 */
export async function writeStickyComment(
  gh: GitHubClient,
  repo: RepoRef,
  subject: RunSubject,
  run: { runId: string; commentId?: number; ledgerHead: string; appId?: number; lookup?: false },
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
  // No known id: the comment may still exist (a process that died between creating it and recording its ref, or a
  // caller that read the refs before another handler created it). One read keeps the comment single; none on the
  // start that created the run's ledger (`lookup: false`), before which nothing could write the run's comment.
  const existing =
    run.lookup === false ? undefined : await findStickyComment(gh, repo, subject, run.runId, run.appId);
  if (existing !== undefined)
    await gh.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
      ...repo,
      comment_id: existing,
      body,
    });
  const id =
    existing ?? (await createOnce(create, () => findStickyComment(gh, repo, subject, run.runId, run.appId)));
  await createRefOnce(gh, repo, commentRef(run.runId, id), run.ledgerHead);
  return id;
}

/** How much earlier than its run id's time a run's comment may look to GitHub (its clock against the app's). */
const CLOCK_SKEW_MS = 10 * 60_000;
/** Pages of 100 comments read at most while looking for the comment (after the `since` cut, rarely more than one). */
const MAX_PAGES = 10;

/** Comments updated since a little before the run began: its id is a ULID, which carries its creation time. */
function sinceRunStart(runId: string): { since?: string } {
  try {
    return { since: new Date(decodeTime(runId) - CLOCK_SKEW_MS).toISOString() };
  } catch {
    return {}; // not a ULID: read from the first comment
  }
}

/**
 * Whether a listed comment is this app's own: GitHub sets `performed_via_github_app` on a comment an app wrote with
 * its installation token, and nobody else can set it. Without the app's id (never in production: APP_ID is
 * required) only a bot's comment is taken.
 */
function isOwnComment(
  c: { user?: { type?: string } | null; performed_via_github_app?: { id?: number } | null },
  appId: number | undefined,
): boolean {
  return appId !== undefined ? c.performed_via_github_app?.id === appId : c.user?.type === 'Bot';
}

async function findStickyComment(
  gh: GitHubClient,
  repo: RepoRef,
  subject: RunSubject,
  runId: string,
  appId: number | undefined,
): Promise<number | undefined> {
  // A busy pull request can have hundreds of comments; the run's own was written after the run began, so only the
  // comments updated since then are read, a page at a time.
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data } = await gh.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...repo,
      issue_number: subject.number,
      ...sinceRunStart(runId),
      per_page: 100,
      page,
    });
    // Only this app's comment is the run's: anyone who can comment (another app's bot included) could post the
    // marker (run ids are public in refs and workflow run names), and the app would then edit and keep reporting
    // into a comment they control.
    const found = data.find((c) => isOwnComment(c, appId) && c.body?.startsWith(stickyMarker(runId)));
    if (found) return Number(found.id);
    if (data.length < 100) return undefined;
  }
  return undefined;
}
