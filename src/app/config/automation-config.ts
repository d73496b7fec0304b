/** A schedule of `.github/uet.yml`. */
export interface ScheduleConfig {
  readonly id: string;
  readonly cron: string;
  readonly bundle: string;
  readonly base?: string;
  readonly max_cost_usd?: number;
}

/** A runner class: one label, labels (all must match), or a runner group with optional labels. */
export type RunnerClassConfig = string | readonly string[] | { readonly group: string; readonly labels?: readonly string[] };

export type ApprovalKind = 'run' | 'fix' | 'schedule';

export interface ApprovalConfig {
  readonly for: readonly ApprovalKind[];
  /** Logins, and teams as `org/team-slug`. */
  readonly approvers: readonly string[];
  readonly min: number;
  readonly allow_self_approval: boolean;
}

export type Requirement = 'approved' | 'mergeable';

export interface RequirementConfig {
  readonly bundle: string;
  readonly requires: readonly Requirement[];
}

/** `locks` of `.github/uet.yml` (ADR 0024), defaults applied. */
export interface LocksConfig {
  readonly on_conflict: 'wait' | 'refuse';
  readonly max_hold_minutes: number;
}

export const DEFAULT_LOCKS_CONFIG: LocksConfig = { on_conflict: 'wait', max_hold_minutes: 720 };

/** The automation keys of `.github/uet.yml` (ADR 0026), defaults applied. */
export interface AutomationConfig {
  readonly schedules: readonly ScheduleConfig[];
  readonly runners: Readonly<Record<string, RunnerClassConfig>>;
  readonly require_approval?: ApprovalConfig;
  readonly requirements: readonly RequirementConfig[];
  /** Present when `.github/uet.yml` has `locks` (on GitHub, locks are taken only then; `uet run` always takes them). */
  readonly locks?: LocksConfig;
}

export const DEFAULT_AUTOMATION_CONFIG: AutomationConfig = { schedules: [], runners: {}, requirements: [] };
