import type { GitHubClient, RepoRef } from './github-client.js';
import { createRefOnce } from './create-ref-once.js';
import { triggerClaimRef } from './ledger-layout.js';

/** git's empty tree: claim commits carry no files, only their message. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export type TriggerClaim =
  /** This delivery claimed the trigger now. */
  | { status: 'claimed'; runId: string }
  /** This delivery had claimed it before (a redelivery, or a retried create whose answer was lost): carry on. */
  | { status: 'ours'; runId: string }
  /** Another delivery of the same trigger claimed it: a true duplicate, to be ignored. */
  | { status: 'duplicate'; runId: string; deliveryId: string };

const field = (text: string, name: string) =>
  new RegExp(`^${name}: (.+)$`, 'm').exec(text)?.[1]?.trim() ?? '';

/**
 * Claims a trigger (a comment, a label event, a check re-run) atomically on GitHub, so that the dedupe holds
 * across restarts and replicas: a ref `refs/uet/claims/<key>` pointing at a commit whose message names the
 * delivery and the run id. Two writes; on a conflict, two reads tell our own earlier claim from a duplicate.
 */
export async function claimTrigger(
  gh: GitHubClient,
  repo: RepoRef,
  key: string,
  deliveryId: string,
  runId: string,
): Promise<TriggerClaim> {
  const message = `uet: claim ${key}\n\nUET-Delivery: ${deliveryId}\nUET-Run: ${runId}\n`;
  const commit = await gh.request('POST /repos/{owner}/{repo}/git/commits', {
    ...repo,
    message,
    tree: EMPTY_TREE,
    parents: [],
  });
  const made = await createRefOnce(gh, repo, triggerClaimRef(key), commit.data.sha);
  if (made.status === 'created') return { status: 'claimed', runId };
  const { data } = await gh.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', {
    ...repo,
    commit_sha: made.existing,
  });
  const claimedBy = field(data.message, 'UET-Delivery');
  const claimedRun = field(data.message, 'UET-Run');
  return claimedBy === deliveryId
    ? { status: 'ours', runId: claimedRun }
    : { status: 'duplicate', runId: claimedRun, deliveryId: claimedBy };
}

/** A trigger key usable in a ref name. */
export const triggerKey = (...parts: (string | number)[]) =>
  parts.map((p) => String(p).replace(/[^A-Za-z0-9._-]/g, '_')).join('-');
