import { EVENTS_FILE, ledgerRef, runBranch, startRef } from '../../../src/adapters/github/ledger-layout.js';
import { parseEventLog } from '../../../src/adapters/store/parse-event-log.js';
import type { StepOutcome } from '../../../src/core/ports.js';
import {
  applyEvent,
  fold,
  gateCompletedEvent,
  outcomeEvents,
  materializeStart,
  type EventBody,
  type RunEvent,
} from '../../../src/core/run/index.js';
import type { FakeState, FakeWorkflowRun } from './fake-github/fake-state.js';

export interface RunnerOutcome {
  readonly ok: boolean;
  readonly errorClass?: StepOutcome['errorClass'];
  readonly message?: string;
  readonly costUsd?: number;
  /** Files the step's patch changes; committed on the run branch with its trailers. */
  readonly files?: Record<string, string>;
  /** Extra events (patch events) recorded before the outcome. */
  readonly events?: EventBody[];
  /** The workflow run's conclusion, when it differs from what `ok` implies. */
  readonly conclusion?: string;
  /** The runner dies before its integrate job records anything. */
  readonly crash?: boolean;
}

let ids = 0;
const eventId = () => `01JZZZZZZZ${String(++ids).padStart(16, '0')}`;

/**
 * What the Action's integrate job does at the end of one node attempt (issue 8), done directly on the simulated
 * GitHub's git objects: commit the patch to the run branch, append [the start if not yet recorded, the patch
 * events, the outcome] to events.jsonl on `refs/uet/runs/<run_id>` as a fast-forward, delete the start claim, and
 * complete the workflow run. It uses the same core helpers the action uses (materializeStart, outcomeEvents).
 */
export function simulateRunner(
  s: FakeState,
  nodeId: string,
  attempt: number,
  outcome: RunnerOutcome,
  now: number,
): FakeWorkflowRun {
  const wr = s.workflowRuns.find((w) => w.inputs.step_id === nodeId && Number(w.inputs.attempt) === attempt);
  if (!wr) throw new Error(`no workflow run was dispatched for ${nodeId} attempt ${attempt}`);
  const runId = wr.inputs.run_id!;
  wr.status = 'completed';
  wr.conclusion = outcome.conclusion ?? (outcome.crash ? 'failure' : 'success');
  if (outcome.crash) return wr;
  if (outcome.files)
    s.commitFiles(runBranch(runId), outcome.files, `${nodeId}\n\nUET-Run: ${runId}\nUET-Step: ${nodeId}`);
  const head = s.refs.get(`refs/${ledgerRef(runId)}`)!;
  const tree = s.trees.get(s.commits.get(head)!.tree)!;
  const text = tree.get(EVENTS_FILE)!;
  const events = parseEventLog(Buffer.from(text), 'events.jsonl').events;
  const state = fold(events);
  const ts = new Date(now).toISOString();
  const added: RunEvent[] = [];
  const push = (body: EventBody) => {
    const e = { event_id: eventId(), run_id: runId, seq: state.seq + 1, ts, ...body };
    applyEvent(state, e);
    added.push(e);
  };
  const n = state.nodes.get(nodeId)!;
  if (!(n.state === 'running' && n.attempts === attempt))
    materializeStart(state, { nodeId, attempt }, now).forEach(push);
  const p = state.plan.nodes.get(nodeId)!;
  if (p.kind === 'gate')
    push(
      gateCompletedEvent(p, {
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
      ...(outcome.events ? { events: outcome.events } : {}),
    };
    const node = state.nodes.get(nodeId)!;
    for (const body of outcomeEvents(state, { stepId: nodeId, attempt, attemptId: node.attemptId! }, result, {
      now,
      startedAt: now - 1000,
    }))
      push(body);
  }
  const next = new Map(tree);
  next.set(EVENTS_FILE, text + added.map((e) => `${JSON.stringify(e)}\n`).join(''));
  const commit = s.writeCommit(s.writeTree(next), [head], `uet: ${runId} ${nodeId} attempt ${attempt}`);
  s.refs.set(`refs/${ledgerRef(runId)}`, commit);
  s.refs.delete(`refs/${startRef(runId, nodeId, attempt)}`);
  return wr;
}
