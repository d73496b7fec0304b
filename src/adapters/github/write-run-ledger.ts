import type { RunEvent } from '../../core/run/index.js';
import { UetError } from '../../core/errors.js';
import { NO_RETRY, statusOf, type GitHubClient, type RepoRef } from './github-client.js';
import { EVENTS_FILE, ledgerRef } from './ledger-layout.js';

/** The ledger ref moved since it was read: another writer appended first. Re-read, re-decide, retry. */
export class LedgerConflictError extends UetError {
  readonly code = 'ledger_conflict';
  constructor(runId: string, options?: { cause?: unknown }) {
    super(`run ${runId}: the ledger moved while appending (another writer was first)`, options);
    this.name = 'LedgerConflictError';
  }
}

const jsonl = (events: readonly RunEvent[]) => events.map((e) => `${JSON.stringify(e)}\n`).join('');

function message(runId: string, events: readonly RunEvent[]): string {
  const first = events[0]?.seq ?? 0;
  const last = events.at(-1)?.seq ?? first;
  const types = [...new Set(events.map((e) => e.type))].join(', ');
  return `uet: run ${runId} events ${first}..${last}\n\n${types}\n`;
}

/** Ledger commits this process wrote, by `owner/repo@commit`, least recently written dropped first. */
const MADE_COMMITS = 512;
const madeTrees = new Map<string, string>();
const commitKey = (repo: RepoRef, sha: string) => `${repo.owner}/${repo.repo}@${sha}`;

/** Records the tree of a ledger commit this process wrote: a commit's tree never changes, so it is never stale. */
function remember(repo: RepoRef, commit: string, tree: string): void {
  madeTrees.set(commitKey(repo, commit), tree);
  if (madeTrees.size > MADE_COMMITS) madeTrees.delete(madeTrees.keys().next().value!);
}

/**
 * The tree of a ledger head: known when this process wrote that commit (the start's claims on the ledger it just
 * created), else one read (`GET …/git/commits/{sha}`, a head another writer made).
 */
async function treeOf(gh: GitHubClient, repo: RepoRef, head: string): Promise<string> {
  const known = madeTrees.get(commitKey(repo, head));
  if (known !== undefined) return known;
  const base = await gh.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', { ...repo, commit_sha: head });
  return base.data.tree.sha;
}

/** Creates the ledger of a new run (tree, commit, ref): three writes. Returns the head commit. */
export async function createRunLedger(
  gh: GitHubClient,
  repo: RepoRef,
  runId: string,
  events: readonly RunEvent[],
): Promise<string> {
  const tree = await gh.request('POST /repos/{owner}/{repo}/git/trees', {
    ...repo,
    tree: [{ path: EVENTS_FILE, mode: '100644', type: 'blob', content: jsonl(events) }],
  });
  const commit = await gh.request('POST /repos/{owner}/{repo}/git/commits', {
    ...repo,
    message: message(runId, events),
    tree: tree.data.sha,
    parents: [],
  });
  remember(repo, commit.data.sha, tree.data.sha);
  try {
    await gh.request('POST /repos/{owner}/{repo}/git/refs', {
      ...repo,
      ref: `refs/${ledgerRef(runId)}`,
      sha: commit.data.sha,
      ...NO_RETRY,
    });
  } catch (error) {
    if (statusOf(error) === 422) throw new LedgerConflictError(runId, { cause: error });
    throw error;
  }
  return commit.data.sha;
}

/**
 * Appends events to a run's ledger by compare-and-swap: a commit on `head` whose events.jsonl is `text` plus the
 * events, then a non-forced ref update that GitHub refuses (422) unless the ref is still at `head`. One read
 * (the head's tree, none when this process wrote the head) and three writes. Throws LedgerConflictError when another writer moved the ref.
 */
export async function appendRunLedger(
  gh: GitHubClient,
  repo: RepoRef,
  runId: string,
  head: string,
  text: string,
  events: readonly RunEvent[],
): Promise<string> {
  const tree = await gh.request('POST /repos/{owner}/{repo}/git/trees', {
    ...repo,
    base_tree: await treeOf(gh, repo, head),
    tree: [{ path: EVENTS_FILE, mode: '100644', type: 'blob', content: text + jsonl(events) }],
  });
  const commit = await gh.request('POST /repos/{owner}/{repo}/git/commits', {
    ...repo,
    message: message(runId, events),
    tree: tree.data.sha,
    parents: [head],
  });
  remember(repo, commit.data.sha, tree.data.sha);
  await updateLedgerRef(gh, repo, runId, commit.data.sha);
  return commit.data.sha;
}

/**
 * Moves the ledger head to a new commit with the same tree, by compare-and-swap: how the app serializes the start
 * claims it makes with every other writer of the run (ADR 0010). A runner that read the old head then loses its
 * push and re-reads the claims. One read (none when this process wrote the head) and two writes. Throws LedgerConflictError when another writer was first.
 */
export async function bumpRunLedger(
  gh: GitHubClient,
  repo: RepoRef,
  runId: string,
  head: string,
  message: string,
): Promise<string> {
  const tree = await treeOf(gh, repo, head);
  const commit = await gh.request('POST /repos/{owner}/{repo}/git/commits', {
    ...repo,
    message,
    tree,
    parents: [head],
  });
  remember(repo, commit.data.sha, tree);
  await updateLedgerRef(gh, repo, runId, commit.data.sha);
  return commit.data.sha;
}

/** A non-forced update of the ledger ref to `sha`; a 422 whose retry had in fact landed is told apart by a read. */
async function updateLedgerRef(gh: GitHubClient, repo: RepoRef, runId: string, sha: string): Promise<void> {
  try {
    await gh.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
      ...repo,
      ref: ledgerRef(runId),
      sha,
      force: false,
    });
  } catch (error) {
    if (statusOf(error) !== 422) throw error;
    // A retried update that had already succeeded looks like a conflict: check where the ref is.
    const now = await gh.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
      ...repo,
      ref: ledgerRef(runId),
    });
    if (now.data.object.sha !== sha) throw new LedgerConflictError(runId, { cause: error });
  }
}
