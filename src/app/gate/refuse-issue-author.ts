import type { AppConfig } from '../config/app-config.js';
import type { RepoScope } from '../scope/repo-scope.js';
import { readPermission } from './read-permission.js';

/**
 * Why an issue's text may not be run, or undefined. A run from an issue (a label, a request in plain words) takes
 * its body as instructions, so its author must be a writer (or an allowed bot), whoever triggers it: a label or a
 * mention is not a review of someone else's text. Only its author and writers can edit an issue body, so a writer
 * author means a body written by writers (ADR 0017). One read, none when the trigger's author wrote the issue.
 */
export async function refuseIssueAuthor(
  scope: RepoScope,
  author: { login: string; type?: string } | null,
  trigger: string,
  config: AppConfig,
): Promise<string | undefined> {
  if (!author) return 'UET will not run this issue: GitHub does not say who wrote it.';
  if (author.login === trigger) return undefined;
  const allowed =
    author.type === 'Bot' || author.login.endsWith('[bot]')
      ? config.allowed_bots.includes(author.login)
      : ['admin', 'write'].includes(await readPermission(scope, author.login));
  return allowed
    ? undefined
    : `UET will not run this issue: it was written by @${author.login}, who does not have write access to this repository, and UET runs only what collaborators with write access wrote. After reviewing it, a maintainer can open an issue with the request themselves.`;
}
