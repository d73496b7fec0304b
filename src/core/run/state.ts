import type { ConsecutiveBreaker } from 'cockatiel';
import type { Plan } from '../bundle/build-plan.js';
import type { ApprovalRequiredData, ErrorClass, PauseReason, RunOptions, RunOrigin, SkipCause, TerminalRunState, Tokens } from './events.js';
import type { PromptRecord, RouteRecord, RoutingRuntime } from './routing-state.js';

export type RunStatus = 'pending' | 'running' | 'paused' | TerminalRunState;
export type NodeState = 'pending' | 'ready' | 'running' | 'retry_wait' | 'blocked' | 'succeeded' | 'failed' | 'skipped' | 'canceled';

export const TERMINAL_NODE_STATES: ReadonlySet<NodeState> = new Set(['succeeded', 'failed', 'skipped', 'canceled']);

/** The runtime view of one plan node (step or gate). */
export interface NodeRuntime {
  readonly id: string;
  state: NodeState;
  /** Attempts started so far. */
  attempts: number;
  attemptId?: string;
  toolId?: string;
  /** Dependencies not yet satisfied. */
  unmet: number;
  retryAt?: number;
  firstStartedAt?: number;
  startedAt?: number;
  endedAt?: number;
  reservedUsd: number;
  costUsd: number;
  lastError?: { errorClass: ErrorClass; message: string };
  /** Why it was skipped; `not_needed` (never recorded) for a repair round its gate's loop did not need (fold-repairs.ts). */
  skip?: { reason: string; cause: SkipCause | 'not_needed'; ref?: string };
  commit?: string;
  halfOpenTrial?: boolean;
  /** Gates only: the outcome. */
  gate?: { passed: boolean; exitCode?: number; durationMs: number; outputTail?: string };
  /** Gates only: the round of its repair loop it waits for (in `pending`), while a repair works on its failure. */
  repairRound?: number;
  /** A failure of an escalate workstream waiting for a human. */
  escalated?: boolean;
  blockedNotified?: boolean;
  /** The latest route_decided and prompt_rendered of the step (routing-state.ts). */
  route?: RouteRecord;
  prompt?: PromptRecord;
}

export interface BreakerRuntime {
  readonly wsId: string;
  readonly toolId: string;
  state: 'closed' | 'open' | 'half_open';
  /** cockatiel's consecutive-failure counter: the breaker opens when it says so. */
  readonly counter: ConsecutiveBreaker;
  /** Set by fold when the counter trips; decide then records breaker_opened. */
  tripped: boolean;
  /** Set by fold when a half-open trial succeeded; decide then records breaker_closed. */
  closeDue: boolean;
  failures: number;
  halfOpenAt?: number;
  trialRunning: boolean;
}

export interface AttemptRecord {
  attemptId: string;
  stepId: string;
  attempt: number;
  sequence: number;
  toolId: string;
  state: 'running' | 'succeeded' | 'failed' | 'canceled' | 'abandoned';
  startedAt: number;
  endedAt?: number;
  durationMs?: number;
  errorClass?: ErrorClass;
  message?: string;
  retryable?: boolean;
  halfOpenTrial?: boolean;
  exitCode?: number;
  costUsd?: number;
  tokens?: Tokens;
  commit?: string;
  patchId?: string;
  baseCommit?: string;
  route?: { strategy: RouteRecord['strategy']; reason: string; ruleId?: string };
  prompt?: { promptId: string; promptHash: string };
}

export interface BudgetRuntime {
  limitUsd?: number;
  spentUsd: number;
  reservedUsd: number;
}

export interface RunState {
  readonly runId: string;
  readonly plan: Plan;
  readonly options: RunOptions;
  readonly origin: RunOrigin;
  readonly bundleHash: string;
  /** Node id → position in the chosen priority order (lower runs first). */
  readonly rank: ReadonlyMap<string, number>;
  readonly priorityRule: string;
  status: RunStatus;
  pause?: { reason: PauseReason; message: string; wsId?: string };
  completion?: { reason?: string; message?: string };
  readonly nodes: Map<string, NodeRuntime>;
  /** Nodes that may be started (ready, waiting to retry, or blocked), sorted by rank. */
  readonly queue: string[];
  readonly running: Set<string>;
  readonly breakers: Map<string, BreakerRuntime>;
  readonly budget: BudgetRuntime;
  readonly wsBudget: Map<string, BudgetRuntime>;
  /** Nodes whose dependents must be checked for skipping (a dependency failed or was skipped). */
  readonly skipCheck: Set<string>;
  /** Failed steps of escalate workstreams, waiting for a human. */
  readonly escalated: Set<string>;
  failFast?: { stepId: string };
  cancelRequested: boolean;
  budgetWarned: Set<string>;
  readonly attempts: AttemptRecord[];
  readonly warnings: { kind: string; message: string; stepId?: string }[];
  tokens: Tokens;
  /** Routing decisions and prompts from the log; created by the first routing event. */
  routing?: RoutingRuntime;
  /** The run's approval, when it needs one (fold-approval.ts): nothing starts until it is granted. */
  approval?: ApprovalRuntime;
  /** Patch counts from patch_* events (fold-patches.ts); created by the first one. */
  patches?: { created: number; applied: number; quarantined: number };
  seq: number;
  createdAt: number;
  startedAt?: number;
  updatedAt: number;
  endedAt?: number;
  /** When the last event was written (fold-timeline.ts). */
  lastEventAt: number;
  /** Set from an interrupted attempt or a pause until the next event of a driver. */
  stoppedSince?: number;
  /** Spans no process drove the run (between a stop and a resume), in event order (fold-timeline.ts). */
  readonly downtime: { from: number; to: number }[];
}

/** A run's approval (ADR 0026): what approval_required asked, who granted, and whether a push voided it. */
export interface ApprovalRuntime {
  readonly required: ApprovalRequiredData;
  /** Distinct approvers, in order. */
  readonly grantedBy: string[];
  voided?: { reason: string; newSha?: string };
}

export const breakerKey = (wsId: string, toolId: string) => `${wsId}\u0000${toolId}`;
