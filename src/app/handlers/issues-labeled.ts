import type { Context } from 'probot';
import { triggerKey } from '../../adapters/github/claim-trigger.js';
import { readText } from '../../adapters/github/read-text.js';
import { checkBundleText } from '../bundle/check-bundle-text.js';
import { findIssueBundle } from '../bundle/find-issue-bundle.js';
import type { CommandTrigger } from '../commands/command-trigger.js';
import { readDefaultHead, startIssueRun } from '../commands/issue-run.js';
import { bundleProblemsReply } from '../commands/load-bundle-for-run.js';
import { acceptTrigger } from '../intake/accept-trigger.js';
import { reply } from '../report/reply.js';
import { refuseIssueAuthor } from '../gate/refuse-issue-author.js';
import { repoScope, type AppServices } from '../scope/repo-scope.js';

/**
 * `issues.labeled` with the configured label (default `uet`): the bundle is a fenced yaml/json block of the issue
 * body, or the file a `bundle: <path>` line names on the default branch. The run starts from the default branch's
 * head and its result PR says `Closes #N`. The labeller's permission is checked first, as for a comment, then the
 * issue author's: both must be writers.
 */
export function handleIssuesLabeled(services: AppServices) {
  return async (context: Context<'issues.labeled'>): Promise<void> => {
    const { issue, label, sender, repository } = context.payload;
    if (!label || issue.pull_request) return;
    const scope = repoScope(context.octokit, repository, context.log, services);
    const accepted = await acceptTrigger({
      scope,
      deliveryId: context.id,
      sender: { login: sender.login, type: sender.type },
      // An issues.labeled payload does not say which app made the change (it has no performed_via_github_app): the
      // app's own labels go on its result PRs, skipped above, and a bot labeller is ignored unless allowed_bots.
      own: false,
      claimKey: triggerKey('label', issue.number, label.id, issue.updated_at),
      // A refusal is answered only for UET's own label; other labels are none of its business.
      ...(label.name === 'uet' ? { replyTo: issue.number } : {}),
      react: { issueNumber: issue.number },
      relevant: (config) => config.label === label.name,
    });
    if (!accepted.ok) return;
    const untrusted = await refuseIssueAuthor(scope, issue.user, sender.login, accepted.config);
    if (untrusted) {
      await reply(scope, issue.number, untrusted);
      return;
    }
    const t: CommandTrigger = {
      scope,
      deliveryId: context.id,
      actor: sender.login,
      issueNumber: issue.number,
      isPr: false,
      runId: accepted.runId,
      config: accepted.config,
      originKind: 'github_comment',
    };
    const sha = await readDefaultHead(t);
    const found = findIssueBundle(issue.body);
    let checked;
    if (found.kind === 'inline')
      checked = checkBundleText(`issue #${issue.number} (${found.format} block)`, found.text);
    else {
      const path = found.kind === 'path' ? found.path : accepted.config.bundle;
      const text = path !== undefined ? await readText(scope.gh, scope.repo, path, sha) : undefined;
      checked =
        path === undefined
          ? {
              ok: false as const,
              problems: [
                'the issue has no bundle: add a fenced ```yaml block with the bundle, or a `bundle: <path>` line',
              ],
            }
          : text === undefined
            ? { ok: false as const, problems: [`\`${path}\` does not exist on ${scope.defaultBranch}`] }
            : checkBundleText(path, text);
    }
    if (!checked.ok) {
      await reply(scope, issue.number, bundleProblemsReply(checked.problems));
      return;
    }
    // An inline bundle has no path: `<inline>`, which a requirement for every bundle (`**`) matches.
    const bundlePath = found.kind === 'inline' ? '<inline>' : found.kind === 'path' ? found.path : accepted.config.bundle;
    await startIssueRun(t, checked.bundle, sha, 'github_label', undefined, undefined, bundlePath);
  };
}
