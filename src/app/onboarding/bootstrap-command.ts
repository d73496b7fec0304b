import type { CommandTrigger } from '../commands/command-trigger.js';
import { reply } from '../report/reply.js';
import { codeSpan as code } from './markdown-safe.js';
import { shippedProfileIds } from './bootstrap-from-github.js';
import { onboardRepository, type OnboardingOutcome } from './onboard-repository.js';

/** The reply to `/uet bootstrap` for each outcome. */
function describe(outcome: OnboardingOutcome, branch: string): string {
  switch (outcome.status) {
    case 'opened':
      return `Opened the onboarding pull request #${outcome.number}: it sets UET up. Create the workflow as it says, then merge it.`;
    case 'updated':
      return `Regenerated the onboarding pull request #${outcome.number} from the current ${code(branch, 100)}.`;
    case 'unchanged':
      return `The onboarding pull request #${outcome.number} is up to date with ${code(branch, 100)}.`;
    case 'left':
      return `The onboarding pull request #${outcome.number} is open.`;
    case 'failed':
      return `UET could not bootstrap this repository: ${code(outcome.message, 300)}`;
    case 'skipped':
      switch (outcome.reason) {
        case 'set_up':
          return `UET is already set up here: ${code(outcome.workflow ?? '.github/workflows/uet.yml', 120)} is on ${code(branch, 100)}. To regenerate its files, run \`uet bootstrap --write --force\` in a clone.`;
        case 'workflow_missing':
          return outcome.link.prefilled
            ? `\`.github/uet.yml\` is on ${code(branch, 100)}, but the UET workflow is not: **[create ${outcome.workflowPath}](${outcome.link.url})** (GitHub's editor opens with it filled in), then \`/uet run\` works.`
            : `\`.github/uet.yml\` is on ${code(branch, 100)}, but the UET workflow is not: create ${code(outcome.workflowPath)} ([GitHub's editor](${outcome.link.url})) with the workflow \`uet bootstrap\` prints, then \`/uet run\` works.`;
        case 'closed':
          return `The onboarding pull request #${outcome.number ?? '?'} was closed, so UET does not open another. Reopen it, or set UET up by hand: \`uet bootstrap --write\` in a clone.`;
        case 'branch_not_ours':
          return `The branch \`uet/onboarding\` has commits UET did not make, so UET leaves it${outcome.number !== undefined ? ` (and pull request #${outcome.number})` : ''} as it is.`;
        case 'empty':
          return `The repository has no commit on ${code(branch, 100)} yet: push the project first.`;
        case 'duplicate':
          return 'Another delivery is onboarding this repository already.';
      }
  }
}

/**
 * `/uet bootstrap [--profile <id>]` on any issue or pull request, by a writer (the trigger intake checked the
 * permission and claimed the comment): onboards the repository on demand, as an installation does, and regenerates
 * an open onboarding PR on UET's own branch; replies with what it did.
 */
export async function bootstrapCommand(t: CommandTrigger, cmd: { readonly profile?: string }): Promise<void> {
  const { scope } = t;
  if (cmd.profile !== undefined) {
    const known = await shippedProfileIds();
    if (!known.includes(cmd.profile)) {
      await reply(
        scope,
        t.issueNumber,
        `Unknown profile ${code(cmd.profile, 64)}; the profiles are ${known.map((k) => code(k)).join(', ')}.`,
      );
      return;
    }
  }
  const outcome = await onboardRepository(scope, {
    trigger: 'command',
    deliveryId: t.deliveryId,
    ...(cmd.profile !== undefined ? { profile: cmd.profile } : {}),
  });
  await reply(scope, t.issueNumber, describe(outcome, scope.defaultBranch));
}
