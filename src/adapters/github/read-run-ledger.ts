import type { RunEvent, StartClaim } from '../../core/run/index.js';
import { parseEventLog } from '../store/parse-event-log.js';
import type { GitHubClient, RepoRef } from './github-client.js';
import { EVENTS_FILE, parseRunRefs } from './ledger-layout.js';
import { readText } from './read-text.js';

/** A run as GitHub holds it: the ledger head, its events, the outstanding start claims and the sticky comment. */
export interface RunLedger {
  readonly runId: string;
  readonly head: string;
  readonly text: string;
  readonly events: RunEvent[];
  readonly claims: (StartClaim & { sha: string })[];
  readonly commentId?: number;
}

/**
 * Reads a run in two requests: the refs under `uet/runs/<run_id>` (ledger head, start claims, comment), then
 * events.jsonl at that head. Undefined when the run has no ledger.
 */
export async function readRunLedger(
  gh: GitHubClient,
  repo: RepoRef,
  runId: string,
): Promise<RunLedger | undefined> {
  const { data: refs } = await gh.request('GET /repos/{owner}/{repo}/git/matching-refs/{ref}', {
    ...repo,
    ref: `uet/runs/${runId}`,
  });
  const { head, commentId, claims } = parseRunRefs(runId, refs);
  if (head === undefined) return undefined;
  const text = await readText(gh, repo, EVENTS_FILE, head);
  const { events } = parseEventLog(Buffer.from(text ?? '', 'utf8'), `${runId}/${EVENTS_FILE}`);
  return { runId, head, text: text ?? '', events, claims, ...(commentId !== undefined ? { commentId } : {}) };
}
