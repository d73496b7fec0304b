import type { PlanNode } from '../core/bundle/index.js';
import type { ToolPrompt } from '../core/prompt/index.js';
import { applyEvent, awaitingApproval, buildAttemptPrompt, checkRunnerInput, materializeStart, toolJobOf, type EventBody, type RunnerInput, type RunState, type ToolJob } from '../core/run/index.js';

export interface StartedAttempt {
  readonly node: PlanNode;
  /** The start events that are not in the log yet (the app's claim, materialized). */
  readonly startEvents: EventBody[];
  readonly toolId: string;
  readonly attemptId: string;
}

/**
 * The attempt as the log will record it: when the start is only claimed, its events are materialized (the same
 * route, prompt and attempt id every writer derives) and applied to `state` in place, or handed to `record`, which
 * must apply them. Throws when the log says the attempt is not this node's current one.
 */
export function startAttempt(state: RunState, nodeId: string, attempt: number, now: number, record?: (body: EventBody) => void): StartedAttempt {
  const node = state.plan.nodes.get(nodeId);
  const n = state.nodes.get(nodeId);
  if (!node || !n) throw new Error(`run ${state.runId} has no step or gate "${nodeId}"`);
  const startEvents: EventBody[] = [];
  // A run that waits for approval starts nothing (ADR 0026): not even a dispatch someone made by hand.
  if (state.approval && (awaitingApproval(state) || state.approval.voided))
    throw new Error(`run ${state.runId} ${state.approval.voided ? 'lost its approval' : `waits for approval (${state.approval.grantedBy.length} of ${state.approval.required.min})`}: refusing to run ${nodeId}`);
  if (!(n.state === 'running' && n.attempts === attempt)) {
    if (n.attempts >= attempt) throw new Error(`${nodeId} attempt ${attempt} is over in the run's log (the node is ${n.state} after attempt ${n.attempts})`);
    for (const body of materializeStart(state, { nodeId, attempt }, now)) {
      if (record) record(body);
      else applyEvent(state, { event_id: 'materialized', run_id: state.runId, seq: state.seq + 1, ts: new Date(now).toISOString(), ...body });
      startEvents.push(body);
    }
  }
  const started = state.nodes.get(nodeId)!;
  const toolId = node.kind === 'gate' ? 'gate' : (started.route?.toolId ?? node.step?.tool_profile_id ?? 'shell');
  return { node, startEvents, toolId, attemptId: started.attemptId ?? '' };
}

/** The step's prompt for its tool, as recorded by prompt_rendered; none for the shell tool (it gets a command). */
export function renderAttemptPrompt(state: RunState, node: PlanNode, attempt: number, toolId: string): ToolPrompt | undefined {
  const n = state.nodes.get(node.id);
  const recorded = n?.prompt?.attempt === attempt ? n.prompt : undefined;
  if (!recorded || node.kind !== 'step') return undefined;
  // The engine's own rendering (the hash prompt_rendered recorded): constraints, instruction file, previous error.
  return buildAttemptPrompt(state, node, attempt, toolId, recorded.promptId, recorded.createdAt);
}

/**
 * Refuses an attempt whose dispatch names another tool job than the run's log routes it to (ADR 0016): the tool job
 * would run a tool the run did not choose, and the sandbox would run an AI step without its tool job. Called before
 * anything of the attempt runs.
 */
export function assertToolJob(state: RunState, nodeId: string, dispatched: ToolJob): void {
  const routed = toolJobOf(state, nodeId);
  if (routed !== dispatched)
    throw new Error(
      `the dispatch's tool input is "${dispatched}", but the run's ledger routes ${nodeId} to ${routed === 'none' ? 'no AI tool' : `the ${routed} job`}: refusing to run it (dispatch it with tool: ${routed})`,
    );
}

/**
 * Refuses an attempt whose dispatch names another runner than the run's ledger records for the node (ADR 0026): a
 * forged `runner` input could put repository code on a privileged runner, or a class the bundle never named. The
 * job is already on that runner, but nothing of the attempt runs there: the check comes before the run branch is
 * checked out or any process of the step starts.
 */
export function assertRunnerInput(state: RunState, nodeId: string, dispatched: RunnerInput): void {
  const why = checkRunnerInput(state, nodeId, dispatched);
  if (why !== undefined) throw new Error(`${why}: refusing to run it`);
}

/**
 * The most this attempt's tool may spend: the tightest budget over the run and the node's workstream, less what is
 * spent and what the other running attempts reserved (this attempt's own reservation is its to spend). Undefined
 * when no budget applies. Read from the ledger, never from a dispatch input. Pure.
 */
export function attemptBudgetUsd(state: RunState, nodeId: string): number | undefined {
  const n = state.nodes.get(nodeId);
  const wsId = state.plan.nodes.get(nodeId)?.wsId ?? null;
  const own = n?.reservedUsd ?? 0;
  const left = [state.budget, wsId !== null ? state.wsBudget.get(wsId) : undefined]
    .filter((b) => b?.limitUsd !== undefined)
    .map((b) => b!.limitUsd! - b!.spentUsd - (b!.reservedUsd - own));
  return left.length ? Math.max(0, Math.min(...left)) : undefined;
}
