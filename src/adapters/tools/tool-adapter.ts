import type { PlanNode } from '../../core/bundle/index.js';
import type { ToolPrompt } from '../../core/prompt/index.js';
import type { ErrorClass, Tokens } from '../../core/run/events.js';
import type { KnownSecret } from '../../core/secrets/index.js';

/** What a tool adapter gets for one step attempt. */
export interface ToolInput {
  /** Absolute path of the step's worktree; the tool runs there. */
  readonly worktree: string;
  readonly node: PlanNode;
  readonly attempt: number;
  readonly runId: string;
  /** Per-attempt limit; <= 0 or non-finite means none. */
  readonly timeoutMs: number;
  /** Aborted when the run is canceled: the tool stops and reports errorClass 'canceled'. */
  readonly signal: AbortSignal;
  /** The clean environment for the tool process (see buildToolEnv and docs/tools.md). */
  readonly env: Readonly<Record<string, string>>;
  /**
   * The credentials UET holds (its own environment's, not only the tool's): redacted from the log and the output tail,
   * since a tool or a command it runs can read them from its parent (/proc/<ppid>/environ).
   */
  readonly redact?: readonly KnownSecret[];
  /** Where to write the combined output (`.uet/runs/<run_id>/logs/<step_id>.<attempt>.log`). */
  readonly logPath?: string;
  /** Remaining budget in USD, for tools that accept a spend cap. */
  readonly budgetRemainingUsd?: number;
  /** The attempt's rendered prompt, for AI tools (absent for shell). */
  readonly prompt?: ToolPrompt;
}

/** What a tool adapter reports. `errorClass` is absent exactly when the tool succeeded. */
export interface ToolResult {
  readonly exitCode: number;
  readonly errorClass?: ErrorClass;
  readonly message?: string;
  readonly costUsd?: number;
  readonly tokens?: Tokens;
  /** The last ~4 KB of combined stdout/stderr. */
  readonly outputTail: string;
  readonly durationMs: number;
}

/** A tool UET can run a step with: shell, claude, codex, aider, or a custom adapter (docs/tools.md). */
export interface ToolAdapter {
  /** The `tool_profile_id` that selects it. */
  readonly id: string;
  /** Executable the adapter needs on PATH, if any. */
  readonly binary?: string;
  /** Lowest supported version of `binary`. */
  readonly minVersion?: string;
  /** The tool's own credential and configuration variables, passed through from UET's environment. */
  readonly envPassThrough?: readonly string[];
  run(input: ToolInput): Promise<ToolResult>;
}
