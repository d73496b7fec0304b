import { EVENTS_FILE, ledgerEntryPath, ledgerRef, startRef } from '../adapters/github/ledger-layout.js';
import { parseEventLog } from '../adapters/store/parse-event-log.js';
import type { PatchLedgerEntry } from '../core/contracts/index.js';
import { applyEvent, fold, type EventBody, type RunEvent, type RunState } from '../core/run/index.js';
import { fetchRef, pushRef, type GitRemote } from './git-remote.js';

/** The run's ledger as read from `refs/uet/runs/<run_id>`: its head commit, its events.jsonl and the fold. */
export interface LedgerSnapshot {
  readonly head: string;
  readonly text: string;
  readonly events: RunEvent[];
  readonly state: RunState;
}

/** Fetches `refs/uet/runs/<run_id>` with plain git and folds its events.jsonl. */
export async function readLedger(remote: GitRemote, runId: string): Promise<LedgerSnapshot> {
  const head = await fetchRef(remote, `refs/${ledgerRef(runId)}`);
  if (head === null) throw new Error(`run ${runId} has no ledger: refs/${ledgerRef(runId)} does not exist on origin`);
  const text = (await remote.git(['cat-file', 'blob', `${head}:${EVENTS_FILE}`])).stdout;
  const { events } = parseEventLog(Buffer.from(text), EVENTS_FILE);
  return { head, text, events, state: fold(events) };
}

/** Whether the log already holds the outcome of this attempt (step outcome or gate completion). */
export function hasOutcome(events: readonly RunEvent[], nodeId: string, attempt: number, gateId?: string): boolean {
  let gateStarts = 0;
  for (const e of events) {
    if ((e.type === 'step_succeeded' || e.type === 'step_failed' || e.type === 'step_abandoned') && e.data.step_id === nodeId && e.data.attempt === attempt) return true;
    if (gateId !== undefined && e.type === 'gate_started' && e.data.gate_id === gateId) gateStarts = e.data.attempt;
    if (gateId !== undefined && e.type === 'gate_completed' && e.data.gate_id === gateId && gateStarts === attempt) return true;
  }
  return false;
}

/** What one append writes, built from a fresh fold on every try (the loser of a race re-reads and decides again). */
export interface LedgerAppend {
  readonly events: EventBody[];
  readonly entries: readonly PatchLedgerEntry[];
  readonly message: string;
}

export interface AppendResult {
  readonly appended: boolean;
  readonly events: RunEvent[];
  readonly tries: number;
}

/**
 * Appends to `refs/uet/runs/<run_id>` by compare-and-swap: read and fold the ledger, let `plan` decide what to add
 * (null: nothing, the outcome is already there), write the commit on the read head, and push it without force. A
 * push that loses a race is retried from a fresh read, up to `maxTries` times.
 */
export async function appendToLedger(
  remote: GitRemote,
  runId: string,
  plan: (snapshot: LedgerSnapshot) => LedgerAppend | null,
  o: { now: () => number; newId: () => string; indexFile: string; maxTries?: number },
): Promise<AppendResult> {
  const maxTries = o.maxTries ?? 5;
  for (let tries = 1; tries <= maxTries; tries++) {
    const snap = await readLedger(remote, runId);
    const todo = plan(snap);
    if (todo === null) return { appended: false, events: [], tries };
    const ts = new Date(o.now()).toISOString();
    const added: RunEvent[] = [];
    for (const body of todo.events) {
      const e = { event_id: o.newId(), run_id: runId, seq: snap.state.seq + 1, ts, ...body };
      applyEvent(snap.state, e);
      added.push(e);
    }
    const text = snap.text + added.map((e) => `${JSON.stringify(e)}\n`).join('');
    const env = { GIT_INDEX_FILE: o.indexFile };
    await remote.git(['read-tree', snap.head], { env });
    const files = [[EVENTS_FILE, text], ...todo.entries.map((x) => [ledgerEntryPath(x.patch_id), `${JSON.stringify(x, null, 2)}\n`])] as const;
    for (const [path, content] of files) {
      const blob = (await remote.git(['hash-object', '-w', '--stdin'], { input: content })).stdout.trim();
      await remote.git(['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`], { env });
    }
    const tree = (await remote.git(['write-tree'], { env })).stdout.trim();
    const commit = (await remote.git(['commit-tree', tree, '-p', snap.head, '-F', '-'], { input: todo.message })).stdout.trim();
    if (await pushRef(remote, commit, `refs/${ledgerRef(runId)}`)) return { appended: true, events: added, tries };
  }
  throw new Error(`could not append to refs/${ledgerRef(runId)}: lost the race ${maxTries} times`);
}

/** Deletes the attempt's start claim once its start is in the log (best effort: the app ignores stale claims). */
export async function deleteStartClaim(remote: GitRemote, runId: string, nodeId: string, attempt: number): Promise<void> {
  await remote.git(['push', '--quiet', 'origin', `:refs/${startRef(runId, nodeId, attempt)}`], { okCodes: [0, 1] });
}
