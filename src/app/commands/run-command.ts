import type { WorkstreamBundle } from '../../core/contracts/index.js';
import type { RunOptions } from '../../core/run/index.js';
import { prose } from '../render/markdown.js';
import { reply } from '../report/reply.js';
import { startRun, type NewGitHubRun } from '../run/start-run.js';
import { approvalNeeded } from '../run/approval-needed.js';
import { readPullFacts } from '../run/read-pull-facts.js';
import { requirementsOf, unmetRequirements } from '../../core/run/index.js';
import type { CommandTrigger } from './command-trigger.js';
import { bundleProblemsReply, capBudget, loadBundleAt, lowestParallel } from './load-bundle-for-run.js';
import type { UetCommand } from './parse-command.js';
import { readDefaultHead } from './issue-run.js';
import { pinHead } from './pin-head.js';
import { readPull, refusePull } from './read-pull.js';

/**
 * `/uet run [<bundle-path>] [--skip-workstream <ws>]… [--max-parallel N] [--head <sha>]` on a pull request: refuses
 * forks (unless allowed) and workflow changes, pins trust to the head commit as of the comment (pin-head.ts), reads
 * and checks the bundle at that commit (for a fork, on the default branch), and starts the run (a fork run keeps its
 * work off refs/heads until `/uet approve`). `recorded` reruns a recorded bundle instead of reading one (retry of a finished run).
 */
export async function runCommand(
  t: CommandTrigger,
  cmd: Extract<UetCommand, { name: 'run' }>,
  recorded?: {
    bundle: WorkstreamBundle;
    options: Partial<RunOptions>;
    retryOf?: NewGitHubRun['retryOf'];
    /** The commit a retry button re-authorizes (the retried run's): the run is refused if the head moved. */
    head?: string;
  },
): Promise<void> {
  const { scope, config } = t;
  if (!t.isPr) {
    await reply(
      scope,
      t.issueNumber,
      `\`/uet run\` works on pull requests. To run a bundle from an issue, add the \`${config.label}\` label to it.`,
    );
    return;
  }
  const pull = await readPull(scope, t.issueNumber);
  const refusal = await refusePull(scope, pull, config);
  if (refusal) {
    await reply(scope, t.issueNumber, `UET will not run: ${refusal}`);
    return;
  }
  const pinned = await pinHead(scope, pull, {
    ...(cmd.head !== undefined ? { head: cmd.head } : {}),
    ...(recorded?.head !== undefined ? { recorded: recorded.head } : {}),
    ...(t.authorizedAt !== undefined ? { at: t.authorizedAt } : {}),
  });
  if (!pinned.ok) {
    await reply(scope, t.issueNumber, `UET will not run: ${pinned.message}`);
    return;
  }
  let bundle: WorkstreamBundle;
  if (recorded) bundle = recorded.bundle;
  else {
    // A fork's bundle (and so its gate commands) is never read from the fork: from the default branch only.
    const at = pull.fork ? await readDefaultHead(t) : pinned.sha;
    const loaded = await loadBundleAt(scope, cmd.bundlePath ?? config.bundle, at);
    if (!loaded.ok) {
      await reply(scope, t.issueNumber, bundleProblemsReply(loaded.problems));
      return;
    }
    bundle = loaded.bundle;
  }
  bundle = capBudget(bundle, config);
  const maxParallel = lowestParallel(
    cmd.maxParallel ?? recorded?.options.max_parallel,
    config.max_parallel,
    bundle.max_parallel,
  );
  const ref = pull.headInRepo ? `refs/heads/${pull.headRef}` : `refs/pull/${pull.number}/head`;
  // Per-bundle requirements on this pull request (ADR 0026): checked now, or when the run is approved.
  // A retry is held to the requirements of the bundle path its run recorded, as the run was (a follow-up, whose
  // bundle the app wrote, never comes here). A pull request run with no recorded path was started before paths
  // were recorded, from a path unknown now: it is held to every requirement (fail closed), never to none.
  const bundlePath = recorded ? recorded.options.bundle_path : (cmd.bundlePath ?? config.bundle);
  const requires =
    recorded && bundlePath === undefined
      ? [...new Set(config.requirements.flatMap((e) => e.requires))].sort()
      : requirementsOf(bundlePath, config.requirements);
  const needed = approvalNeeded(config, { kind: 'run', requester: t.actor, baseSha: pinned.sha, baseRef: ref });
  const approval = needed && requires.length ? { ...needed, requirements: requires } : needed;
  if (requires.length && !approval) {
    const unmet = unmetRequirements(requires, await readPullFacts(scope, pull.number));
    if (unmet.length) {
      await reply(scope, t.issueNumber, `UET will not run this bundle: \`.github/uet.yml\` requirements are not met:\n${unmet.map((u) => `- ${u}`).join('\n')}`);
      return;
    }
  }
  const started = await startRun(scope, {
    runId: t.runId,
    bundle,
    options: {
      skip_workstreams: cmd.skipWorkstreams.length
        ? cmd.skipWorkstreams
        : [...(recorded?.options.skip_workstreams ?? [])],
      ...(maxParallel !== undefined ? { max_parallel: maxParallel } : {}),
      ...(bundlePath !== undefined ? { bundle_path: bundlePath } : {}),
    },
    origin: {
      kind: t.originKind,
      actor: t.actor,
      repository: scope.fullName,
      ref,
      sha: pinned.sha,
      pr_number: pull.number,
      issue_number: pull.number,
      ...(t.commentId !== undefined ? { comment_id: t.commentId } : {}),
      delivery_id: t.deliveryId,
    },
    subject: { kind: 'pr', number: pull.number },
    config,
    fork: pull.fork,
    ...(approval ? { approval } : {}),
    ...(recorded?.retryOf ? { retryOf: recorded.retryOf } : {}),
  });
  if (!started.ok) await reply(scope, t.issueNumber, `UET cannot start this run: ${prose(started.message, 1000)}`);
}
