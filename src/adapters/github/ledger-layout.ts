/**
 * Where UET keeps a run on GitHub. All names are relative to `refs/` (the form the git refs API takes in paths).
 *
 *   uet/runs/<run_id>                          the ledger: a commit chain whose tree holds events.jsonl and
 *                                              ledger/<patch_id>.json; advanced only by compare-and-swap
 *   uet/runs/<run_id>-start/<node>/<attempt>   a start claim: created once (atomically) before the dispatch
 *   uet/runs/<run_id>-comment/<comment_id>     the sticky progress comment of the run
 *   uet/index/<pr|issue>-<n>/<run_id>          every run of a pull request or issue (run-index.ts)
 *   uet/active/<pr|issue>-<n>/<run_id>         the runs not finished yet, deleted when the run is finished
 *   uet/claims/<trigger key>                   the trigger claim; its commit message names the delivery
 *   heads/uet/run/<run_id>                     the run branch with the integrated patch commits
 *
 * Node ids of gates contain ':', which refs may not: it is written as '='.
 */
export const EVENTS_FILE = 'events.jsonl';
export const ledgerEntryPath = (patchId: string) => `ledger/${patchId}.json`;

export const ledgerRef = (runId: string) => `uet/runs/${runId}`;
export const startRefPrefix = (runId: string) => `uet/runs/${runId}-start/`;
export const startRef = (runId: string, nodeId: string, attempt: number) =>
  `${startRefPrefix(runId)}${nodeId.replace(/:/g, '=')}/${attempt}`;
export const commentRef = (runId: string, commentId: number) => `uet/runs/${runId}-comment/${commentId}`;
export const triggerClaimRef = (key: string) => `uet/claims/${key}`;
export const runBranch = (runId: string) => `uet/run/${runId}`;

/**
 * The pull request or issue a run reports on; `schedule` (number 0) indexes the runs of schedules, which have
 * neither until their result PR opens (ADR 0026).
 */
export interface RunSubject {
  readonly kind: 'pr' | 'issue' | 'schedule';
  readonly number: number;
}

/** Where the runs of schedules are indexed: `uet/index/schedule-0/<run_id>`, `uet/active/schedule-0/<run_id>`. */
export const SCHEDULE_SUBJECT: RunSubject = { kind: 'schedule', number: 0 };

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const isRunId = (s: string) => ULID.test(s);

/** The workflow run-name of one dispatch: the correlation between a run's node attempt and a workflow run. */
export const runName = (runId: string, nodeId: string, attempt: number) =>
  `uet:${runId}:${nodeId}:${attempt}`;

/** The run, node and attempt named by a workflow run-name (or a job name containing one), if it is UET's. */
export function parseRunName(
  text: string | null | undefined,
): { runId: string; nodeId: string; attempt: number } | undefined {
  const m = /uet:([0-9A-HJKMNP-TV-Z]{26}):([A-Za-z0-9._:-]+):(\d+)/.exec(text ?? '');
  if (!m) return undefined;
  return { runId: m[1]!, nodeId: m[2]!, attempt: Number(m[3]) };
}

/** The start claims, comment and head among the refs listed under `uet/runs/<run_id>`. */
export function parseRunRefs(runId: string, refs: readonly { ref: string; object: { sha: string } }[]) {
  let head: string | undefined;
  let commentId: number | undefined;
  const claims: { nodeId: string; attempt: number; sha: string }[] = [];
  const start = `refs/${startRefPrefix(runId)}`;
  const comment = `refs/uet/runs/${runId}-comment/`;
  for (const r of refs) {
    if (r.ref === `refs/${ledgerRef(runId)}`) head = r.object.sha;
    else if (r.ref.startsWith(start)) {
      const m = /^(.+)\/(\d+)$/.exec(r.ref.slice(start.length));
      if (m) claims.push({ nodeId: m[1]!.replace(/=/g, ':'), attempt: Number(m[2]), sha: r.object.sha });
    } else if (r.ref.startsWith(comment)) {
      const id = Number(r.ref.slice(comment.length));
      if (Number.isSafeInteger(id) && id > 0) commentId = id;
    }
  }
  return { head, commentId, claims };
}
