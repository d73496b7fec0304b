import type { RepoScope } from '../scope/repo-scope.js';
import type { PullInfo } from './read-pull.js';

export type Pinned = { ok: true; sha: string } | { ok: false; message: string };

/** How a command says which commit it authorizes. */
export interface HeadAuthority {
  /** The full sha the command names (`/uet run --head <sha>`): the strongest binding, and the only one for forks. */
  readonly head?: string;
  /** When the authorizing comment was written (`comment.created_at`). */
  readonly at?: string;
  /** The commit of the run a check-run button retries: the click authorizes that commit again, no other. */
  readonly recorded?: string;
}

/**
 * The commit a command may run: never one pushed after the comment that authorized it (a push between the comment
 * and its processing would otherwise run under the writer's authority). In order: a sha the comment names must be
 * the head; a retry button pins the retried run's commit; otherwise the head as of the comment's time is read from
 * the repository's activity (`GET /repos/{owner}/{repo}/activity` on the head branch, newest first: one read) and
 * must be the head now. A fork's pushes are not in this repository's activity, and a missing or lagging record
 * proves nothing: then the command is refused, and asked again with `--head <sha>`.
 */
export async function pinHead(scope: RepoScope, pull: PullInfo, by: HeadAuthority): Promise<Pinned> {
  const now = pull.headSha;
  const again = `comment \`/uet run --head <sha>\` with the full sha of the commit you reviewed (the head is \`${now}\` now)`;
  if (by.head !== undefined)
    return by.head.toLowerCase() === now
      ? { ok: true, sha: now }
      : {
          ok: false,
          message: `the pull request's head is \`${now.slice(0, 12)}\`, not \`${by.head.slice(0, 12)}\` as the comment says. Review the new commits, then comment again.`,
        };
  if (by.recorded !== undefined)
    return by.recorded === now
      ? { ok: true, sha: now }
      : {
          ok: false,
          message: `the pull request's head moved (to \`${now.slice(0, 7)}\`) since the run this button retries: comment \`/uet run\` to run the new head.`,
        };
  if (pull.fork)
    return {
      ok: false,
      message: `this pull request comes from a fork, whose pushes this repository does not record, so UET cannot tell which commit was the head when you commented. Review the head commit, then ${again}.`,
    };
  if (by.at === undefined)
    return { ok: false, message: `UET cannot tell when this command was given: ${again}.` };
  const { data } = await scope.gh.request('GET /repos/{owner}/{repo}/activity', {
    ...scope.repo,
    ref: `refs/heads/${pull.headRef}`,
    direction: 'desc',
    per_page: 1,
  });
  const last = data[0];
  if (!last)
    return {
      ok: false,
      message: `GitHub has no record of the pushes to \`${pull.headRef}\`, so UET cannot tell which commit was its head when you commented: ${again}.`,
    };
  if (Date.parse(last.timestamp) > Date.parse(by.at))
    return {
      ok: false,
      message: `\`${pull.headRef}\` was pushed after your comment (at ${last.timestamp}, to \`${last.after.slice(0, 7)}\`), and UET never runs a commit pushed after the comment that asked for it. Review the new commits, then comment again.`,
    };
  if (last.after !== now)
    return {
      ok: false,
      message: `GitHub's record of the pushes to \`${pull.headRef}\` does not show its head \`${now.slice(0, 7)}\` yet, so UET cannot tell it was there when you commented: comment again in a minute, or ${again}.`,
    };
  return { ok: true, sha: now };
}
