import {
  EVENTS_FILE,
  ledgerRef,
  parseRunRefs,
  startRef,
} from '../../../src/adapters/github/ledger-layout.js';
import { parseEventLog } from '../../../src/adapters/store/parse-event-log.js';
import { hasOutcome } from '../../../src/action/run-ledger.js';
import { startAttempt } from '../../../src/action/start-state.js';
import type { StepOutcome } from '../../../src/core/ports.js';
import {
  chainRun,
  fold,
  gateCompletedEvent,
  runRef,
  outcomeEvents,
  toolJobOf,
  runnerInputOf,
  type EventBody,
  type StartClaim,
  type ToolJob,
} from '../../../src/core/run/index.js';
import type { WorkflowRun } from '../../support/github-routes/index.js';
import type { FakeState } from './fake-github/fake-state.js';

export interface RunnerOutcome {
  readonly ok: boolean;
  readonly errorClass?: StepOutcome['errorClass'];
  readonly message?: string;
  readonly costUsd?: number;
  /** The tokens the tool reported. */
  readonly tokens?: { input: number; output: number };
  /** Files the step's patch changes; committed on the run branch with its trailers. */
  readonly files?: Record<string, string>;
  /** Extra events (patch events) recorded before the outcome. */
  readonly events?: EventBody[];
  /** The workflow run's conclusion, when it differs from what `ok` implies. */
  readonly conclusion?: string;
  /** The runner dies before its integrate job records anything. */
  readonly crash?: boolean;
  /** An old action (or `chain: false`): record the outcome, claim and dispatch nothing. */
  readonly noChain?: boolean;
  /** Called once the ledger is read and the decision made, before the push (to let another writer in first). */
  readonly beforePush?: () => void;
}

let ids = 0;
const eventId = () => `01JZZZZZZZ${String(++ids).padStart(16, '0')}`;

/** The run's ledger and start claims as a runner's `git ls-remote` + fetch sees them. */
function readRun(s: FakeState, runId: string) {
  const refs = [...s.refs]
    .filter(([r]) => r.startsWith(`refs/${ledgerRef(runId)}`))
    .map(([ref, sha]) => ({ ref, object: { sha } }));
  const { head, claims } = parseRunRefs(runId, refs);
  const tree = s.trees.get(s.commits.get(head!)!.tree)!;
  const text = tree.get(EVENTS_FILE)!;
  return { head: head!, tree, text, claims, events: parseEventLog(Buffer.from(text), EVENTS_FILE).events };
}

/**
 * What the Action's integrate job does at the end of one node attempt (issue 8, ADR 0010), done on the simulated
 * GitHub's git objects with the same core code the action runs (chainRun, startAttempt, outcomeEvents): commit
 * the patch to the run branch; fold the ledger with its start claims; append [outstanding starts, the outcome,
 * the bookkeeping] and create the claims of the next starts in one atomic compare-and-swap (a lost race re-reads);
 * delete its own claim; dispatch the starts it claimed (with the job's token: not the app's requests); and
 * complete the workflow run. Returns the workflow run and the starts it chained.
 */
export function simulateRunner(
  s: FakeState,
  nodeId: string,
  attempt: number,
  outcome: RunnerOutcome,
  now: number,
): WorkflowRun & { chained?: StartClaim[] } {
  // The one still running (a second run may have a node of the same id), else the first one of that attempt.
  const of = s.workflowRuns.filter((w) => w.inputs.step_id === nodeId && Number(w.inputs.attempt) === attempt);
  const wr = of.find((w) => w.status !== 'completed') ?? of[0];
  if (!wr) throw new Error(`no workflow run was dispatched for ${nodeId} attempt ${attempt}`);
  const runId = wr.inputs.run_id!;
  const complete = () => {
    wr.status = 'completed';
    wr.conclusion = outcome.conclusion ?? (outcome.crash ? 'failure' : 'success');
  };
  if (outcome.crash) {
    complete();
    return wr;
  }
  const commit = outcome.files
    ? s.commitTo(
        runRef(runId, fold(readRun(s, runId).events).options), // the run's own ref: a fork run's is not a branch
        outcome.files,
        `${nodeId}\n\nUET-Run: ${runId}\nUET-Step: ${nodeId}`,
      )
    : undefined;
  let chained: StartClaim[] = [];
  const tools = new Map<string, { tool: ToolJob; runner: string }>();
  for (let tries = 1; ; tries++) {
    if (tries > 5) throw new Error(`${nodeId} attempt ${attempt}: lost the ledger race 5 times`);
    const run = readRun(s, runId);
    const result = chainRun({
      events: run.events,
      claims: run.claims,
      now,
      newId: eventId,
      chain: outcome.noChain !== true,
      outcome: (state, put) => {
        if (hasOutcome(run.events, nodeId, attempt, state.plan.nodes.get(nodeId)?.gate?.gate_id))
          return false;
        const start = startAttempt(state, nodeId, attempt, now, put);
        if (start.node.kind === 'gate')
          put(
            gateCompletedEvent(start.node, {
              passed: outcome.ok,
              durationMs: 1000,
              ...(outcome.ok ? {} : { exitCode: 1, outputTail: outcome.message ?? 'tests failed' }),
            }),
          );
        else {
          const result: StepOutcome = {
            ok: outcome.ok,
            durationMs: 1000,
            ...(outcome.errorClass ? { errorClass: outcome.errorClass } : {}),
            ...(outcome.message ? { message: outcome.message } : {}),
            ...(outcome.costUsd !== undefined ? { costUsd: outcome.costUsd } : {}),
            ...(outcome.tokens ? { tokens: outcome.tokens } : {}),
            ...(outcome.events ? { events: outcome.events } : {}),
            ...(commit !== undefined && outcome.ok
              ? { commit, filesChanged: Object.keys(outcome.files!).length }
              : {}),
          };
          const ids = { stepId: nodeId, attempt, attemptId: start.attemptId };
          outcomeEvents(state, ids, result, { now, startedAt: now - 1000 }).forEach(put);
        }
        return true;
      },
    });
    if (!result) break;
    if (tries === 1) outcome.beforePush?.();
    // The atomic push: the ledger only from the head read, each claim only if it does not exist yet.
    const claimRefs = result.starts.map((c) => `refs/${startRef(runId, c.nodeId, c.attempt)}`);
    if (s.refs.get(`refs/${ledgerRef(runId)}`) !== run.head || claimRefs.some((r) => s.refs.has(r))) continue;
    const next = new Map(run.tree);
    next.set(EVENTS_FILE, run.text + result.append.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const ledgerCommit = s.writeCommit(
      s.writeTree(next),
      [run.head],
      `uet: ${runId} ${nodeId} attempt ${attempt}`,
    );
    s.refs.set(`refs/${ledgerRef(runId)}`, ledgerCommit);
    for (const r of claimRefs) s.refs.set(r, ledgerCommit);
    chained = result.starts;
    for (const c of chained)
      tools.set(c.nodeId, { tool: toolJobOf(result.state, c.nodeId), runner: JSON.stringify(runnerInputOf(result.state, c.nodeId, now)) });
    break;
  }
  s.refs.delete(`refs/${startRef(runId, nodeId, attempt)}`);
  const workflow = wr.path.split('/').pop()!;
  for (const c of chained)
    s.dispatchWorkflow(workflow, s.defaultBranch, {
      run_id: runId,
      step_id: c.nodeId,
      attempt: String(c.attempt),
      payload_ref: `refs/${startRef(runId, c.nodeId, c.attempt)}`,
      ...tools.get(c.nodeId)!,
    });
  complete();
  return { ...wr, chained };
}
