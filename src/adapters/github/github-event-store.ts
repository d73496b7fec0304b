import type { EventStore } from '../../core/ports.js';
import type { RunEvent } from '../../core/run/index.js';
import type { GitHubClient, RepoRef } from './github-client.js';
import { readRunLedger } from './read-run-ledger.js';
import { appendRunLedger, createRunLedger, LedgerConflictError } from './write-run-ledger.js';

/**
 * The EventStore port on GitHub: a run's log is events.jsonl in the commit chain `refs/uet/runs/<run_id>`.
 * `append` is a compare-and-swap against the head this store last read (or created), so concurrent writers never
 * lose events: the loser gets a LedgerConflictError and must read and decide again. Starts claimed but not yet
 * recorded are not part of `read` (see readRunLedger for the full view).
 */
export function createGitHubEventStore(gh: GitHubClient, repo: RepoRef): EventStore {
  const heads = new Map<string, { head: string; text: string; seq: number }>();
  return {
    async read(runId) {
      const ledger = await readRunLedger(gh, repo, runId);
      if (!ledger) return [];
      heads.set(runId, { head: ledger.head, text: ledger.text, seq: ledger.events.at(-1)?.seq ?? 0 });
      return ledger.events;
    },
    async append(runId, events: readonly RunEvent[]) {
      if (!events.length) return;
      const known = heads.get(runId);
      const text = events.map((e) => `${JSON.stringify(e)}\n`).join('');
      if (!known) {
        if (events[0]!.seq !== 1) throw new LedgerConflictError(runId);
        const head = await createRunLedger(gh, repo, runId, events);
        heads.set(runId, { head, text, seq: events.at(-1)!.seq });
        return;
      }
      if (events[0]!.seq !== known.seq + 1) throw new LedgerConflictError(runId);
      const head = await appendRunLedger(gh, repo, runId, known.head, known.text, events);
      heads.set(runId, { head, text: known.text + text, seq: events.at(-1)!.seq });
    },
  };
}
