import type { GitHubClient, RepoRef } from './github-client.js';
import { createRefOnce } from './create-ref-once.js';
import { isRunId, type RunSubject } from './ledger-layout.js';

/**
 * Two indexes of runs, kept as refs pointing at a run's first ledger commit:
 *   uet/index/<pr|issue>-<n>/<run_id>   every run of a pull request or issue (for status and retry)
 *   uet/active/<pr|issue>-<n>/<run_id>  the runs not finished yet (for cancel, head moves and the reconciler)
 * (the runs of schedules under schedule-0: SCHEDULE_SUBJECT).
 */
const subjectPath = (s: RunSubject) => `${s.kind}-${s.number}`;
export const indexRef = (s: RunSubject, runId: string) => `uet/index/${subjectPath(s)}/${runId}`;
export const activeRef = (s: RunSubject, runId: string) => `uet/active/${subjectPath(s)}/${runId}`;

export interface IndexedRun {
  readonly runId: string;
  readonly subject: RunSubject;
}

/** Records a new run in both indexes (two writes). */
export async function indexRun(
  gh: GitHubClient,
  repo: RepoRef,
  subject: RunSubject,
  runId: string,
  sha: string,
): Promise<void> {
  await createRefOnce(gh, repo, indexRef(subject, runId), sha);
  await createRefOnce(gh, repo, activeRef(subject, runId), sha);
}

/** Takes a finished run out of the active index (one write; a second call is harmless). */
export async function deactivateRun(
  gh: GitHubClient,
  repo: RepoRef,
  subject: RunSubject,
  runId: string,
): Promise<void> {
  try {
    await gh.request('DELETE /repos/{owner}/{repo}/git/refs/{ref}', {
      ...repo,
      ref: activeRef(subject, runId),
    });
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status !== 404 && status !== 422) throw error;
  }
}

/** Runs listed under an index, oldest first (run ids are ULIDs): of one subject, or of the whole repository. */
export async function listRuns(
  gh: GitHubClient,
  repo: RepoRef,
  index: 'index' | 'active',
  subject?: RunSubject,
): Promise<IndexedRun[]> {
  const prefix = subject ? `uet/${index}/${subjectPath(subject)}/` : `uet/${index}/`;
  const { data } = await gh.request('GET /repos/{owner}/{repo}/git/matching-refs/{ref}', {
    ...repo,
    ref: prefix,
  });
  const runs: IndexedRun[] = [];
  for (const r of data) {
    const m = /^refs\/uet\/(?:index|active)\/(pr|issue|schedule)-(\d+)\/([^/]+)$/.exec(r.ref);
    if (m && isRunId(m[3]!))
      runs.push({ runId: m[3]!, subject: { kind: m[1] as RunSubject['kind'], number: Number(m[2]) } });
  }
  return runs.sort((a, b) => (a.runId < b.runId ? -1 : 1));
}
