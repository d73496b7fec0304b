import type { PlanNode } from './bundle/index.js';
import type { ToolPrompt } from './prompt/index.js';
import type { ErrorClass, EventBody, RunEvent, Tokens } from './run/events.js';

/** Time, injected so that the core never reads the wall clock. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or early when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Identifier source (ULIDs in production, counters in tests). */
export interface IdSource {
  newId(): string;
}

/** The append-only run log. `append` is atomic per call: all of the events are durable, or none. */
export interface EventStore {
  read(runId: string): Promise<RunEvent[]>;
  append(runId: string, events: readonly RunEvent[]): Promise<void>;
}

/** A unit handed to an executor: one attempt of a step, or one run of a gate. */
export interface ExecutionTask {
  readonly runId: string;
  readonly node: PlanNode;
  readonly attempt: number;
  readonly attemptId: string;
  readonly toolId: string;
  readonly timeoutMs: number;
  /** Remaining budget in USD, when a budget applies; tools that accept a spend cap get it. */
  readonly budgetRemainingUsd?: number;
  /** The rendered prompt of the attempt, for AI tools (stored under .uet/runs/<run_id>/prompts/). */
  readonly prompt?: ToolPrompt;
  readonly signal: AbortSignal;
}

export interface StepOutcome {
  readonly ok: boolean;
  readonly errorClass?: ErrorClass;
  readonly message?: string;
  readonly exitCode?: number;
  readonly costUsd?: number;
  readonly tokens?: Tokens;
  readonly commit?: string;
  readonly filesChanged?: number;
  readonly patchId?: string;
  /** SHA-256 of the prompt the tool got (prompt_instance prompt_hash), so a patch traces to its prompt. */
  readonly promptHash?: string;
  readonly durationMs: number;
  /** Extra events the executor wants in the log (patch events, warnings), appended before the outcome. */
  readonly events?: readonly EventBody[];
}

export interface GateOutcome {
  readonly passed: boolean;
  readonly exitCode?: number;
  readonly durationMs: number;
  readonly outputTail?: string;
}

/** Runs steps and gates: local git worktrees, or GitHub Actions. */
export interface Executor {
  executeStep(task: ExecutionTask): Promise<StepOutcome>;
  runGate(task: ExecutionTask): Promise<GateOutcome>;
}
