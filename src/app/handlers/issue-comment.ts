import type { Context } from 'probot';
import { triggerKey } from '../../adapters/github/claim-trigger.js';
import { approveCommand } from '../commands/approve-command.js';
import { approveRunCommand } from '../commands/approve-run-command.js';
import { cancelCommand } from '../commands/cancel-command.js';
import { unlockCommand } from '../commands/unlock-command.js';
import type { CommandTrigger } from '../commands/command-trigger.js';
import { helpText } from '../commands/help-text.js';
import { parseCommand, type UetCommand } from '../commands/parse-command.js';
import { planCommand } from '../commands/plan-command.js';
import { retryCommand } from '../commands/retry-command.js';
import { runCommand } from '../commands/run-command.js';
import { statusCommand } from '../commands/status-command.js';
import { acceptTrigger } from '../intake/accept-trigger.js';
import { bootstrapCommand } from '../onboarding/bootstrap-command.js';
import { prose } from '../render/markdown.js';
import { reply } from '../report/reply.js';
import { fixCommand } from '../review/fix-command.js';
import { findRequest, requestPhrases } from '../review/find-request.js';
import { requestCommand } from '../review/request-command.js';
import { repoScope, type AppServices } from '../scope/repo-scope.js';

/**
 * `issue_comment.created`: a `/uet <command>` on the first line, or a request in plain words (a comment that starts
 * with the app's @mention or the configured trigger_phrase). Anything else costs no request, except a comment whose
 * first word could be the trigger phrase (it starts with `@` or `/`): one read of the configuration. An unknown
 * command or bad arguments get the help, never silence.
 */
export function handleIssueComment(services: AppServices, appId: number | undefined) {
  return async (context: Context<'issue_comment.created'>): Promise<void> => {
    const { comment, issue, sender, repository } = context.payload;
    const parsed = parseCommand(comment.body);
    const scope = repoScope(context.octokit, repository, context.log, services);
    const own = appId !== undefined && comment.performed_via_github_app?.id === appId;
    let words: string | undefined;
    if (parsed.kind === 'none') {
      if (own) return;
      words = await findRequest(scope, comment.body);
      if (words === undefined) return;
    }
    const accepted = await acceptTrigger({
      scope,
      deliveryId: context.id,
      sender: { login: sender.login, type: sender.type },
      own,
      claimKey: triggerKey('comment', comment.id),
      replyTo: issue.number,
      react: { commentId: comment.id },
    });
    if (!accepted.ok) return;
    // The words that start a request in plain words name the app's slug (GET /app, once per process): read only
    // for the help text that shows them, not for every command.
    const phrases = () => requestPhrases(scope, accepted.config);
    if (parsed.kind === 'invalid') {
      await reply(
        scope,
        issue.number,
        `UET did not understand that: ${prose(parsed.message, 300)}.\n\n${helpText(accepted.config.label, await phrases())}`,
      );
      return;
    }
    const t: CommandTrigger = {
      scope,
      deliveryId: context.id,
      actor: sender.login,
      issueNumber: issue.number,
      isPr: issue.pull_request !== undefined && issue.pull_request !== null,
      commentId: comment.id,
      authorizedAt: comment.created_at,
      runId: accepted.runId,
      config: accepted.config,
      originKind: 'github_comment',
    };
    if (words !== undefined) {
      await requestCommand(t, words, { title: issue.title, body: issue.body ?? null, user: issue.user });
      return;
    }
    if (parsed.kind !== 'command') return;
    await dispatchCommand(t, parsed.command, phrases);
  };
}

async function dispatchCommand(
  t: CommandTrigger,
  cmd: UetCommand,
  phrases: () => Promise<readonly string[]>,
): Promise<void> {
  const { scope } = t;
  if (cmd.name === 'help') await reply(scope, t.issueNumber, helpText(t.config.label, await phrases()));
  else if (cmd.name === 'run') await runCommand(t, cmd);
  else if (cmd.name === 'plan') await planCommand(t, cmd);
  else if (cmd.name === 'status') await statusCommand(t);
  else if (cmd.name === 'cancel') await cancelCommand(t);
  else if (cmd.name === 'unlock' || cmd.name === 'unlock-reset') await unlockCommand(t, cmd);
  else if (cmd.name === 'approve') await approveCommand(t, cmd.sha);
  else if (cmd.name === 'approve-run') await approveRunCommand(t, cmd.runId);
  else if (cmd.name === 'bootstrap') await bootstrapCommand(t, cmd);
  else if (cmd.name === 'fix')
    await fixCommand(t, {
      instructions: cmd.instructions,
      ...(cmd.tool !== undefined ? { tool: cmd.tool } : {}),
      ...(cmd.head !== undefined ? { head: cmd.head } : {}),
    });
  else await retryCommand(t, cmd.stepId !== undefined ? { stepId: cmd.stepId } : {});
}
