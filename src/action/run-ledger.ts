import { EVENTS_FILE, ledgerEntryPath, ledgerRef, parseRunRefs, startRef } from '../adapters/github/ledger-layout.js';
import { RACE_TRIES, waitAfterLostRace } from './race-backoff.js';
import { parseEventLog } from '../adapters/store/parse-event-log.js';
import type { PatchLedgerEntry } from '../core/contracts/index.js';
import { fold, type RunEvent, type RunState, type StartClaim } from '../core/run/index.js';
import { fetchRef, pushRefs, type GitRemote } from './git-remote.js';

/** The run's ledger as read from `refs/uet/runs/<run_id>`: its head commit, its events.jsonl, the fold, and the start claims listed with that head. */
export interface LedgerSnapshot {
  readonly head: string;
  readonly text: string;
  readonly events: RunEvent[];
  readonly state: RunState;
  readonly claims: StartClaim[];
}

/** The ledger head and start claims on origin, in one listing (`git ls-remote`). */
async function listRunRefs(remote: GitRemote, runId: string) {
  const r = await remote.git(['ls-remote', 'origin', `refs/${ledgerRef(runId)}`, `refs/${ledgerRef(runId)}-start/*`]);
  const refs = r.stdout
    .split('\n')
    .map((line) => line.split('\t'))
    .flatMap(([sha, ref]) => (sha && ref ? [{ ref, object: { sha } }] : []));
  return parseRunRefs(runId, refs);
}

/**
 * Fetches the ledger head with plain git, lists it again with its start claims (one listing, so that they belong
 * together: a runner pushes its claims atomically with the head, the app creates its claims before it moves the
 * head), and folds its events.jsonl. Listed after the fetch, the claims include every claim made before the fetched
 * head; when the ledger moved again in between, the append's compare-and-swap against the fetched head fails and
 * reads again. So the claims are never dropped, which would let the decision start more than max_parallel.
 */
export async function readLedger(remote: GitRemote, runId: string): Promise<LedgerSnapshot> {
  for (let tries = 1; ; tries++) {
    const head = await fetchRef(remote, `refs/${ledgerRef(runId)}`);
    if (head === null) throw new Error(`run ${runId} has no ledger: refs/${ledgerRef(runId)} does not exist on origin`);
    const listed = await listRunRefs(remote, runId);
    if (head !== listed.head && tries < 5) continue; // the ledger moved between the fetch and the listing
    const text = (await remote.git(['cat-file', 'blob', `${head}:${EVENTS_FILE}`])).stdout;
    const { events } = parseEventLog(Buffer.from(text), EVENTS_FILE);
    const claims = listed.claims.map((c) => ({ nodeId: c.nodeId, attempt: c.attempt }));
    return { head, text, events, state: fold(events), claims };
  }
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
  /** The events, with their envelopes, numbered on from the snapshot's last seq. */
  readonly events: RunEvent[];
  readonly entries: readonly PatchLedgerEntry[];
  readonly message: string;
  /** Start claims to create in the same atomic push (each must not exist yet). */
  readonly claims?: readonly StartClaim[];
}

export interface AppendResult {
  readonly appended: boolean;
  readonly events: RunEvent[];
  /** The start claims created with the append. */
  readonly claims: StartClaim[];
  readonly tries: number;
}

/**
 * Appends to `refs/uet/runs/<run_id>` by compare-and-swap: read and fold the ledger, let `plan` decide what to add
 * (null: nothing, the outcome is already there), write the commit on the read head, and push it, with the start
 * claims the plan makes, in one atomic push: the ledger only from the head read, each claim only if it does not
 * exist. A push that loses a race is retried from a fresh read after a jittered wait, up to `maxTries` times.
 */
export async function appendToLedger(
  remote: GitRemote,
  runId: string,
  plan: (snapshot: LedgerSnapshot) => LedgerAppend | null,
  o: { indexFile: string; maxTries?: number },
): Promise<AppendResult> {
  const maxTries = o.maxTries ?? RACE_TRIES;
  for (let tries = 1; tries <= maxTries; tries++) {
    if (tries > 1) await waitAfterLostRace(tries - 1);
    const snap = await readLedger(remote, runId);
    const todo = plan(snap);
    if (todo === null) return { appended: false, events: [], claims: [], tries };
    const added = todo.events;
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
    const updates = [
      { ref: `refs/${ledgerRef(runId)}`, commit, expect: snap.head },
      ...(todo.claims ?? []).map((c) => ({ ref: `refs/${startRef(runId, c.nodeId, c.attempt)}`, commit, expect: '' })),
    ];
    if (await pushRefs(remote, updates)) return { appended: true, events: added, claims: [...(todo.claims ?? [])], tries };
  }
  throw new Error(`could not append to refs/${ledgerRef(runId)}: lost the race ${maxTries} times`);
}

/** Deletes the attempt's start claim once its start is in the log (best effort: the app ignores stale claims). */
export async function deleteStartClaim(remote: GitRemote, runId: string, nodeId: string, attempt: number): Promise<void> {
  await remote.git(['push', '--quiet', 'origin', `:refs/${startRef(runId, nodeId, attempt)}`], { okCodes: [0, 1] });
}
