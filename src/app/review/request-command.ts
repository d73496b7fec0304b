import { buildFixBundle } from '../../core/review/index.js';
import type { CommandTrigger } from '../commands/command-trigger.js';
import { readDefaultHead, startIssueRun } from '../commands/issue-run.js';
import { refuseIssueAuthor } from '../gate/refuse-issue-author.js';
import { reply } from '../report/reply.js';
import { fixCommand, followUpTool } from './fix-command.js';

/** The issue a request in plain words was made on, as the comment's payload has it. */
export interface RequestIssue {
  readonly title: string;
  readonly body: string | null;
  readonly user: { login: string; type?: string } | null;
}

/**
 * A request in plain words (`@<app> <words>`, or the configured trigger_phrase). On a pull request it is
 * `/uet fix <words>`. On an issue: one step by the default tool, whose instruction is the issue's title and body and
 * the words, pinned to the default branch's head; its result PR goes into the default branch and closes the issue.
 * The issue's text is someone's text: as for a labelled issue, its author must be a writer (ADR 0017).
 */
export async function requestCommand(t: CommandTrigger, words: string, issue: RequestIssue): Promise<void> {
  if (t.isPr) {
    await fixCommand(t, { instructions: words });
    return;
  }
  const { scope } = t;
  const untrusted = await refuseIssueAuthor(scope, issue.user, t.actor, t.config);
  if (untrusted) {
    await reply(scope, t.issueNumber, untrusted);
    return;
  }
  const tool = followUpTool(t, undefined);
  if ('refusal' in tool) {
    await reply(scope, t.issueNumber, tool.refusal);
    return;
  }
  const bundle = buildFixBundle(
    {
      subject: { kind: 'issue', number: t.issueNumber, title: issue.title, ...(issue.body ? { body: issue.body } : {}) },
      instructions: words,
      threads: [],
    },
    tool.tool,
  );
  await startIssueRun(t, bundle, await readDefaultHead(t), 'github_comment');
}
