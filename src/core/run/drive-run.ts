import type { Clock, EventStore, Executor, GateOutcome, IdSource, StepOutcome } from '../ports.js';
import type { Command } from './commands.js';
import { decide } from './decide.js';
import type { EventBody, RunEvent } from './events.js';
import { applyEvent, fold } from './fold.js';
import { gateCompletedEvent, outcomeEvents } from './outcome-events.js';
import type { RunState } from './state.js';

export interface DriverPorts {
  readonly store: EventStore;
  readonly executor: Executor;
  readonly clock: Clock;
  readonly ids: IdSource;
}

export interface DriveOptions {
  /** Aborting interrupts the run: running attempts are stopped and recorded as abandoned (resumable). */
  readonly signal?: AbortSignal;
  /** Called after each event is durable and folded (progress display). */
  readonly onEvent?: (event: RunEvent, state: RunState) => void;
}

type Completion = { id: string; events: EventBody[] };

const iso = (ms: number) => new Date(ms).toISOString();
const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'quarantined']);
/** Events folded ahead of their append at most: past this they are written without waiting for the decision. */
const MAX_STAGED = 10_000;

/**
 * The composer: reads the log, asks decide() what to do, executes commands through the ports and appends
 * the resulting events. All state is in the log; a crash at any instant loses at most in-flight attempts,
 * which the next drive records as abandoned and starts afresh.
 */
export async function driveRun(runId: string, ports: DriverPorts, options: DriveOptions = {}): Promise<RunState> {
  const { store, executor, clock, ids } = ports;
  const state = fold(await store.read(runId));
  // Start preparation (route_decided, prompt_rendered) is folded at once and appended with the next events (the
  // starts it prepares, usually), so that routing costs no extra append; a crash before that append loses it all.
  let staged: RunEvent[] = [];
  const envelope = (bodies: readonly EventBody[]) => {
    const ts = iso(clock.now());
    return bodies.map((b, i): RunEvent => ({ event_id: ids.newId(), run_id: runId, seq: state.seq + 1 + i, ts, ...b }));
  };
  const emit = async (bodies: readonly EventBody[]) => {
    if (!bodies.length && !staged.length) return;
    const prepared = staged;
    const events = envelope(bodies);
    await store.append(runId, [...prepared, ...events]);
    staged = [];
    for (const e of events) applyEvent(state, e);
    for (const e of [...prepared, ...events]) options.onEvent?.(e, state);
  };
  const stage = (bodies: readonly EventBody[]) => {
    for (const e of envelope(bodies)) {
      applyEvent(state, e);
      staged.push(e);
    }
  };

  // Attempts that were running when a previous driver died get a new attempt from a clean start.
  await emit(
    [...state.running].map((id) => {
      const n = state.nodes.get(id)!;
      return { type: 'step_abandoned', data: { step_id: id, attempt: n.attempts, attempt_id: n.attemptId ?? ids.newId(), reason: 'the process driving the run stopped during the attempt' } };
    }),
  );

  // Finished attempts queue up here; every completion already there is recorded in one append (one fsync).
  const done: Completion[] = [];
  let inflight = 0;
  let notify: (() => void) | undefined;
  const track = (p: Promise<Completion>) => {
    inflight += 1;
    void p.then((c) => {
      done.push(c);
      notify?.();
    });
  };
  const interrupt = new AbortController();
  const onAbort = () => interrupt.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (done.length) {
        // Completions are folded at once and written with what the next decision records or starts: one append
        // (one fsync) per decision round. Nothing is started before that append, so a crash before it loses
        // only the completions, and their attempts are found running and started afresh on resume.
        const batch = done.splice(0);
        inflight -= batch.length;
        stage(batch.flatMap((c) => c.events));
        if (staged.length >= MAX_STAGED) await emit([]);
        continue;
      }
      if (interrupt.signal.aborted && inflight === 0) {
        await emit([]);
        break;
      }
      const decision = interrupt.signal.aborted ? { commands: [] } : decide(state, clock.now());
      const records = decision.commands.flatMap((c) => (c.kind === 'record' ? [c.event] : []));
      if (records.length && records.every((r) => r.type === 'route_decided' || r.type === 'prompt_rendered') && staged.length < MAX_STAGED) {
        stage(records);
        continue;
      }
      if (records.length) {
        await emit(records);
        continue;
      }
      const starts = decision.commands.filter((c) => c.kind !== 'record');
      if (starts.length) {
        const prepared = starts.map((c) => ({ c, attemptId: ids.newId() }));
        await emit(prepared.map(({ c, attemptId }) => startEvent(c, attemptId)));
        for (const { c, attemptId } of prepared) track(execute(c, attemptId, state, runId, executor, clock, interrupt.signal));
        continue;
      }
      if (staged.length) {
        await emit([]); // prepared steps that did not start (a breaker, a budget wait): record the preparation
        continue;
      }
      if (inflight === 0) {
        if (TERMINAL.has(state.status) || state.status === 'paused' || decision.wakeAt === undefined) break;
        await clock.sleep(Math.max(0, decision.wakeAt - clock.now()), interrupt.signal);
        continue;
      }
      // Wait for a completion, or until a retry or half-open breaker is due.
      const completion = new Promise<void>((resolve) => (notify = resolve));
      if (decision.wakeAt === undefined) await completion;
      else {
        const waker = new AbortController();
        await Promise.race([completion, clock.sleep(Math.max(0, decision.wakeAt - clock.now()), waker.signal)]);
        waker.abort();
      }
      notify = undefined;
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  return state;
}

function startEvent(c: Command, attemptId: string): EventBody {
  if (c.kind === 'start_gate') return { type: 'gate_started', data: { gate_id: c.gateId, ws_id: c.wsId, type: c.gateType, attempt: c.attempt } };
  if (c.kind !== 'start_step') throw new Error('not a start command');
  return {
    type: 'step_started',
    data: { step_id: c.stepId, attempt: c.attempt, attempt_id: attemptId, tool_id: c.toolId, reserved_cost_usd: c.reservedUsd, ...(c.halfOpenTrial ? { half_open_trial: true } : {}) },
  };
}

async function execute(c: Command, attemptId: string, state: RunState, runId: string, executor: Executor, clock: Clock, signal: AbortSignal): Promise<Completion> {
  if (c.kind === 'start_gate') {
    const node = state.plan.nodes.get(c.nodeId)!;
    const base = { runId, node, attempt: c.attempt, attemptId, toolId: 'shell', timeoutMs: c.timeoutMs, signal };
    const started = clock.now();
    const outcome: GateOutcome = await executor
      .runGate(base)
      .catch((err: unknown) => ({ passed: false, durationMs: clock.now() - started, outputTail: `executor error: ${err instanceof Error ? err.message : String(err)}` }));
    // A gate stopped by the interrupt did not fail: like a step, it is abandoned and runs again on resume.
    if (signal.aborted && !outcome.passed)
      return { id: c.nodeId, events: [{ type: 'step_abandoned', data: { step_id: c.nodeId, attempt: c.attempt, attempt_id: attemptId, reason: 'interrupted' } }] };
    return { id: c.nodeId, events: [gateCompletedEvent(node, outcome)] };
  }
  if (c.kind !== 'start_step') throw new Error('not a start command');
  const node = state.plan.nodes.get(c.stepId)!;
  const started = clock.now();
  const task = {
    runId,
    node,
    attempt: c.attempt,
    attemptId,
    toolId: c.toolId,
    timeoutMs: c.timeoutMs,
    signal,
    ...(c.budgetRemainingUsd !== undefined ? { budgetRemainingUsd: c.budgetRemainingUsd } : {}),
    ...(c.prompt ? { prompt: c.prompt } : {}),
  };
  const outcome: StepOutcome = await executor
    .executeStep(task)
    .catch((err: unknown) => ({ ok: false, errorClass: 'transient_error' as const, message: `executor error: ${err instanceof Error ? err.message : String(err)}`, durationMs: clock.now() - started }));
  const events = outcomeEvents(state, { stepId: c.stepId, attempt: c.attempt, attemptId }, outcome, { now: clock.now(), startedAt: started, interrupted: signal.aborted });
  return { id: c.stepId, events };
}
