import { readBranchGuard } from '../../adapters/github/read-branch-rules.js';
import { readReviewThreads } from '../../adapters/github/read-review-threads.js';
import type { WorkstreamBundle } from '../../core/contracts/index.js';
import { buildFixBundle, type ReviewThread } from '../../core/review/index.js';
import type { CommandTrigger } from '../commands/command-trigger.js';
import { capBudget } from '../commands/load-bundle-for-run.js';
import { pinHead } from '../commands/pin-head.js';
import { readPull, refusePull } from '../commands/read-pull.js';
import { code, prose } from '../render/markdown.js';
import { reply } from '../report/reply.js';
import { approvalNeeded } from '../run/approval-needed.js';
import { startRun } from '../run/start-run.js';
import { findParentRun, keepWritersComments } from './follow-up-context.js';

/** What a follow-up asks: the writer's words, and the threads a review trigger already names. */
export interface FixAsk {
  readonly instructions: string;
  readonly tool?: string;
  readonly head?: string;
  /** A review's comments, or the thread a reply is in; otherwise the pull request's unresolved threads are read. */
  readonly threads?: readonly ReviewThread[];
  /**
   * A retry (`/uet retry`, a retry button) of a follow-up: its recorded bundle (the same ask, the same tool) and the
   * run it followed, instead of reading the threads and the parent again.
   */
  readonly recorded?: { readonly bundle: WorkstreamBundle; readonly parentRunId?: string };
}

/** The tool of a follow-up: `--tool`, else the configuration's default_tool; a refusal names how to set one. */
export function followUpTool(t: CommandTrigger, asked: string | undefined): { tool: string } | { refusal: string } {
  const tool = asked ?? t.config.default_tool;
  if (tool === 'shell')
    return {
      refusal:
        "UET cannot do this with `shell`: the shell tool runs a step's command and takes no instructions. Name an AI tool with `--tool <id>` (`claude`, `codex`, `aider` or a custom adapter), or set `default_tool` in `.github/uet.yml` to one.",
    };
  return tool !== undefined
    ? { tool }
    : {
        refusal:
          'UET does not know which tool should do this: set `default_tool` in `.github/uet.yml` on the default branch (for example `default_tool: claude`), or name one with `--tool <id>`.',
      };
}

/**
 * `/uet fix` (and a review or a reply that says it, and a request in plain words on a pull request): a one-step
 * follow-up run on the pull request's head as of the command, whose result is pushed to its head branch as a
 * fast-forward (finish-run.ts). Refused, with the reason, on a closed pull request, a fork's, one that changes
 * workflows, a head branch that is the default or protected, a head pushed after the command, or when there is
 * nothing to do. The run's options record the branch to push and the run it follows.
 */
export async function fixCommand(t: CommandTrigger, ask: FixAsk): Promise<void> {
  const { scope, config } = t;
  const refuse = (why: string) => reply(scope, t.issueNumber, `UET will not fix this pull request: ${why}`);
  if (!t.isPr) {
    await reply(
      scope,
      t.issueNumber,
      '`/uet fix` works on pull requests. On an issue, start your comment with the app\'s @mention and say what to do: one step does it and opens a pull request that closes the issue.',
    );
    return;
  }
  const pull = await readPull(scope, t.issueNumber);
  if (pull.fork || !pull.headInRepo) {
    await refuse(
      "its branch is a fork's (or holds a fork's code). UET pushes follow-up commits only to branches of this repository with this repository's code; ask the author to make the change, or run `/uet run --head <sha>` for a result PR.",
    );
    return;
  }
  if (pull.headRef === scope.defaultBranch) {
    await refuse(`its head branch ${code(pull.headRef)} is the default branch, and UET never pushes to it.`);
    return;
  }
  const refusal = await refusePull(scope, pull, config);
  if (refusal) {
    await refuse(refusal);
    return;
  }
  const guarded = await readBranchGuard(scope.gh, scope.repo, pull.headRef);
  if (guarded) {
    await refuse(`UET does not push to ${code(pull.headRef)}: ${guarded}. Use \`/uet run\` for a result PR instead.`);
    return;
  }
  const tool = ask.recorded ? undefined : followUpTool(t, ask.tool);
  if (tool && 'refusal' in tool) {
    await reply(scope, t.issueNumber, tool.refusal);
    return;
  }
  const pinned = await pinHead(scope, pull, {
    ...(ask.head !== undefined ? { head: ask.head } : {}),
    ...(t.authorizedAt !== undefined ? { at: t.authorizedAt } : {}),
  });
  if (!pinned.ok) {
    await refuse(pinned.message.replace(/`\/uet run --head <sha>`/g, '`/uet fix --head <sha> …`'));
    return;
  }
  const asked = ask.recorded ?? (tool ? await readAsk(t, ask, pull, tool.tool) : undefined);
  if (!asked) return;
  const { parentRunId } = asked;
  const bundle = capBudget(asked.bundle, config);
  // require_approval for: [fix] (ADR 0026): the follow-up waits after planning, on the head as of the comment.
  const approval = approvalNeeded(config, { kind: 'fix', requester: t.actor, baseSha: pinned.sha, baseRef: `refs/heads/${pull.headRef}` });
  const started = await startRun(scope, {
    runId: t.runId,
    bundle,
    options: {
      max_parallel: 1,
      push_branch: pull.headRef,
      ...(parentRunId !== undefined ? { parent_run_id: parentRunId } : {}),
    },
    origin: {
      kind: t.originKind,
      actor: t.actor,
      repository: scope.fullName,
      ref: `refs/heads/${pull.headRef}`,
      sha: pinned.sha,
      pr_number: pull.number,
      issue_number: pull.number,
      ...(t.commentId !== undefined ? { comment_id: t.commentId } : {}),
      delivery_id: t.deliveryId,
    },
    subject: { kind: 'pr', number: pull.number },
    config,
    ...(approval ? { approval } : {}),
  });
  if (!started.ok) await reply(scope, t.issueNumber, `UET cannot start this run: ${prose(started.message, 1000)}`);
}

/**
 * The bundle of a new follow-up: the writer's words, the threads (what writers wrote in them) and the output of a
 * gate the pull request's last UET run failed. Undefined, after saying so, when there is nothing to do.
 */
async function readAsk(
  t: CommandTrigger,
  ask: FixAsk,
  pull: { readonly number: number; readonly headRef: string },
  tool: string,
): Promise<{ bundle: WorkstreamBundle; parentRunId?: string } | undefined> {
  const { scope, config } = t;
  const read = ask.threads ?? (await readReviewThreads(scope.gh, scope.repo, pull.number));
  const { threads, leftOut } = await keepWritersComments(scope, read, t.actor, config);
  const { parentRunId, gateFailure } = await findParentRun(scope, pull.number, pull.headRef);
  if (!ask.instructions && !threads.length && !gateFailure) {
    await reply(
      scope,
      t.issueNumber,
      `Nothing to fix: say what to change after \`/uet fix\`${leftOut ? ` (the ${leftOut} review comment(s) by people without write access are not taken as instructions)` : ''}, or leave review comments and comment \`/uet fix\` again.`,
    );
    return undefined;
  }
  const bundle = buildFixBundle(
    {
      subject: { kind: 'pr', number: pull.number, headBranch: pull.headRef },
      instructions: ask.instructions,
      threads,
      ...(gateFailure ? { gateFailure } : {}),
    },
    tool,
  );
  return { bundle, ...(parentRunId !== undefined ? { parentRunId } : {}) };
}
