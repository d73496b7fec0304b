import type { WorkstreamBundle } from '../../core/contracts/index.js';
import type { RunOptions } from '../../core/run/index.js';
import { prose } from '../render/markdown.js';
import { reply } from '../report/reply.js';
import { startRun, type NewGitHubRun } from '../run/start-run.js';
import { approvalNeeded } from '../run/approval-needed.js';
import { requirementsOf } from '../../core/run/index.js';
import type { CommandTrigger } from './command-trigger.js';
import { capBudget, lowestParallel } from './load-bundle-for-run.js';

/** The default branch's head: the commit an issue's run is pinned to (one read). */
export async function readDefaultHead(t: CommandTrigger): Promise<string> {
  const { data } = await t.scope.gh.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
    ...t.scope.repo,
    ref: `heads/${t.scope.defaultBranch}`,
  });
  return data.object.sha;
}

/**
 * Starts the run of a labelled issue (or reruns one): pinned to the default branch's head, reported on the issue,
 * with a result PR into the default branch that says `Closes #N`.
 */
export async function startIssueRun(
  t: CommandTrigger,
  bundle: WorkstreamBundle,
  sha: string,
  kind: 'github_label' | 'check_rerun' | 'github_comment',
  recorded?: Partial<RunOptions>,
  retryOf?: NewGitHubRun['retryOf'],
  /** The bundle's path in the repository (for `.github/uet.yml` requirements), when it came from one. */
  bundlePath?: string,
): Promise<void> {
  const { scope, config } = t;
  const capped = capBudget(bundle, config);
  const maxParallel = lowestParallel(recorded?.max_parallel, config.max_parallel, capped.max_parallel);
  const ref = `refs/heads/${scope.defaultBranch}`;
  // A retry (recorded options) is held to the requirements of the path its run recorded, as the run was.
  const path = recorded ? recorded.bundle_path : bundlePath;
  const requires = requirementsOf(path, config.requirements);
  if (requires.length) {
    await reply(scope, t.issueNumber, `UET will not run this bundle from an issue: \`.github/uet.yml\` requires ${requires.join(' and ')} of the pull request it runs on, and an issue has none. Run it with \`/uet run\` on a pull request.`);
    return;
  }
  const approval = approvalNeeded(config, { kind: 'run', requester: t.actor, baseSha: sha, baseRef: ref });
  const started = await startRun(scope, {
    runId: t.runId,
    bundle: capped,
    options: {
      skip_workstreams: [...(recorded?.skip_workstreams ?? [])],
      ...(maxParallel !== undefined ? { max_parallel: maxParallel } : {}),
      ...(path !== undefined ? { bundle_path: path } : {}),
    },
    origin: {
      kind,
      actor: t.actor,
      repository: scope.fullName,
      ref,
      sha,
      issue_number: t.issueNumber,
      ...(t.commentId !== undefined ? { comment_id: t.commentId } : {}),
      delivery_id: t.deliveryId,
    },
    subject: { kind: 'issue', number: t.issueNumber },
    config,
    ...(approval ? { approval } : {}),
    ...(retryOf ? { retryOf } : {}),
  });
  if (!started.ok) await reply(scope, t.issueNumber, `UET cannot start this run: ${prose(started.message, 1000)}`);
}
