import type { Constraints, RepoPolicy, RouterConfig, RunOrigin as ContractRunOrigin, StepAttemptError, TokenUsage, WorkstreamBundle } from '../contracts/index.js';

/**
 * The run event log (schema/run_event.v1.json). A run is nothing but these events, in `seq` order:
 * the state is fold(events) and every decision is decide(state, now).
 */
/** Failure classes, origins and token counts come from the contracts, so code and schema cannot drift. */
export type ErrorClass = StepAttemptError['class'];
export type RunOrigin = ContractRunOrigin;
export type OriginKind = RunOrigin['kind'];

export type PauseReason = 'budget' | 'escalated' | 'head_moved' | 'manual' | 'deadline';
export type TerminalRunState = 'succeeded' | 'failed' | 'canceled' | 'quarantined';
export type SkipCause =
  | 'skip_workstream'
  | 'dependency_failed'
  | 'dependency_skipped'
  | 'fail_fast'
  | 'gate_failed'
  | 'deadline'
  | 'canceled'
  | 'budget';

export type Tokens = TokenUsage;

/** The lock a run holds while it runs (ADR 0024). */
export interface RunLockOptions {
  readonly base: string;
  readonly scope: readonly string[];
  readonly on_conflict: 'wait' | 'refuse';
  readonly max_hold_minutes: number;
}

export interface RunOptions {
  max_parallel: number;
  skip_workstreams: string[];
  repo?: string;
  base_commit?: string;
  /** A branch name, or a full ref outside refs/heads for a fork run (see runRef in run-refs.ts). */
  run_branch?: string;
  /** GitHub mode: the UET workflow file; completions of any other workflow are ignored. */
  workflow?: string;
  /** GitHub mode: the run works on a fork's code, or on a result derived from one (docs/security.md). */
  fork?: boolean;
  deadline_at?: string;
  /** GitHub mode: the runner classes the run's nodes name, as .github/uet.yml mapped them at creation (ADR 0026). */
  runners?: Record<string, RunnerClass>;
  /** The routing inputs, fixed at creation so that a resume routes the same way (docs/routing.md). */
  routing?: RunRouting;
  /** The project's constraints in force, stated in every prompt. */
  constraints?: Constraints;
  /** GitHub mode: the run's lock on its base branch (ADR 0024), when .github/uet.yml has `locks`. */
  lock?: RunLockOptions;
  /** The repository owner's patch policy (.github/uet.yml; the app's from the default branch, `uet run`'s from the base commit) every patch of the run is held to. */
  repo_policy?: RepoPolicy;
  /** The repository's agent instructions at the base commit (AGENTS.md…), in the CONTEXT of every prompt. */
  instructions?: RunInstructions;
  /** The run this one follows up (a `/uet fix` on a pull request: the run that opened it, or its last UET run). */
  parent_run_id?: string;
  /**
   * GitHub mode: the path of the bundle the run was created from (`<inline>` for an issue's inline bundle); absent
   * for a bundle the app wrote. A retry is held to the `.github/uet.yml` requirements of this path.
   */
  bundle_path?: string;
  /**
   * GitHub mode: the branch the run's result is pushed to as a fast-forward from base_commit (the pull request's
   * head branch of a `/uet fix`), instead of a result PR. Nothing is pushed when the branch moved.
   */
  push_branch?: string;
}

/** An instruction file as a run records it (src/core/review/instruction-files.ts). */
export interface RunInstructions {
  path: string;
  /** git's blob id of the whole file at the base commit. */
  blob_sha: string;
  bytes: number;
  /** Whether `text` is cut (the file is over the limit). */
  truncated: boolean;
  /** What tools are given. */
  text: string;
}

export interface RunRouting {
  router_config: RouterConfig;
  /** `.uet/router_config.json`, or `built-in`. */
  source: string;
  /** Tools usable when the run was created. */
  available_tools: string[];
  domain?: string;
}

export type RouteDecisionStrategy = 'fixed' | 'round_robin' | 'auto' | 'explicit';

export type EventBody =
  | { type: 'run_created'; data: { bundle_id: string; bundle_hash: string; bundle: WorkstreamBundle; options: RunOptions; origin: RunOrigin } }
  | { type: 'run_started'; data: Record<string, never> }
  | { type: 'run_paused'; data: { reason: PauseReason; message: string; ws_id?: string } }
  | { type: 'run_resumed'; data: { added_budget_usd?: number; by?: string } }
  | { type: 'run_cancel_requested'; data: { by?: string; reason?: string } }
  | { type: 'run_completed'; data: { state: TerminalRunState; reason?: string; message?: string } }
  | {
      type: 'step_started';
      data: { step_id: string; attempt: number; attempt_id: string; tool_id: string; reserved_cost_usd: number; base_commit?: string; half_open_trial?: boolean };
    }
  | {
      type: 'step_succeeded';
      data: { step_id: string; attempt: number; attempt_id: string; duration_ms: number; cost_usd?: number; tokens?: Tokens; commit?: string; files_changed?: number; patch_id?: string };
    }
  | {
      type: 'step_failed';
      data: {
        step_id: string;
        attempt: number;
        attempt_id: string;
        error_class: ErrorClass;
        message: string;
        retryable: boolean;
        retry_at?: string;
        cost_usd?: number;
        tokens?: Tokens;
        duration_ms?: number;
        exit_code?: number;
      };
    }
  | { type: 'step_abandoned'; data: { step_id: string; attempt: number; attempt_id: string; reason: string } }
  | { type: 'step_skipped'; data: { step_id: string; reason: string; cause: SkipCause; ref?: string } }
  | { type: 'step_blocked'; data: { step_id: string; tool_id: string; ws_id: string; until?: string } }
  | { type: 'workstream_skipped'; data: { ws_id: string; reason: string } }
  | { type: 'breaker_opened'; data: { ws_id: string; tool_id: string; failures: number; half_open_at: string } }
  | { type: 'breaker_half_opened'; data: { ws_id: string; tool_id: string } }
  | { type: 'breaker_closed'; data: { ws_id: string; tool_id: string } }
  | {
      type: 'budget_exceeded';
      data: { scope: 'bundle' | 'workstream'; ws_id?: string; limit_usd: number; spent_usd: number; needed_usd: number; action: 'pause_and_notify' | 'fail' | 'continue' };
    }
  | { type: 'gate_started'; data: { gate_id: string; ws_id: string | null; type: string; attempt: number } }
  | {
      type: 'gate_completed';
      data: { gate_id: string; ws_id: string | null; passed: boolean; duration_ms: number; required: boolean; blocking: boolean; exit_code?: number; output_tail?: string };
    }
  | { type: 'route_decided'; data: { step_id: string; tool_id: string; strategy: RouteDecisionStrategy; reason: string; rule_id?: string; candidates?: string[] } }
  | {
      type: 'prompt_rendered';
      data: { step_id: string; attempt: number; prompt_id: string; prompt_hash: string; instructions?: { path: string; blob_sha: string; truncated: boolean } };
    }
  | { type: PatchEventType; data: PatchEventData }
  | { type: 'error_triggered'; data: { error_class: ErrorClass; message: string; step_id?: string } }
  | { type: 'warning'; data: { kind: string; message: string; step_id?: string } }
  | { type: 'git_lock_recovered'; data: GitLockRecoveredData }
  | { type: 'approval_required'; data: ApprovalRequiredData }
  | { type: 'approval_granted'; data: { by: string; base_sha: string; team?: string; comment_id?: number } }
  | { type: 'approval_voided'; data: { reason: string; base_sha: string; new_sha?: string; by?: string } };

/** What a run waiting for approval needs (ADR 0026): who, how many, and the exact base commit of the plan. */
export interface ApprovalRequiredData {
  approvers: string[];
  min: number;
  allow_self_approval: boolean;
  requester: string;
  base_sha: string;
  base_ref: string;
  requirements?: ('approved' | 'mergeable')[];
}

/** A runner class as a run records it: labels a runner must all have, and an optional runner group. */
export interface RunnerClass {
  labels: string[];
  group?: string;
}

/** A stale git lock file that a run's dead driver left, removed when the run was taken over (ADR 0019). */
export interface GitLockRecoveredData {
  path: string;
  kind: 'ref' | 'worktree' | 'temp_index';
  ref?: string;
  worktree?: string;
  holder_pid?: number;
}

/** One patch_* event per ledger state (src/core/patch); they share one data shape. */
export type PatchEventType =
  | 'patch_created'
  | 'patch_validated'
  | 'patch_applied'
  | 'patch_committed'
  | 'patch_quarantined'
  | 'patch_conflicted'
  | 'patch_rejected'
  | 'patch_rolled_back'
  | 'patch_superseded'
  | 'patch_dropped';

export interface PatchEventData {
  patch_id: string;
  step_id?: string;
  attempt?: number;
  commit?: string;
  reasons?: string[];
  paths?: string[];
  quarantine_reason?: 'policy_violation' | 'oscillation' | 'conflict' | 'forged' | 'manual';
  related_patch_id?: string;
}

export type EventType = EventBody['type'];

export interface EventEnvelope {
  event_id: string;
  run_id: string;
  seq: number;
  ts: string;
}

export type RunEvent = EventEnvelope & EventBody;

export type EventOf<T extends EventType> = Extract<EventBody, { type: T }>;
