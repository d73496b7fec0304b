import type { RunState } from './state.js';

/** What `uet clean` knows of one run directory under .uet/runs/. */
export interface CleanRunFacts {
  readonly runId: string;
  /** The run's state from its log, or undefined when the directory has no log (a creation that never finished). */
  readonly status?: RunState['status'];
  /** Whether a live process drives it now (its lock). */
  readonly driven: boolean;
  readonly stepBranches: readonly string[];
  readonly worktrees: readonly string[];
}

export type CleanItem =
  | { readonly kind: 'step_branch'; readonly runId: string; readonly target: string }
  | { readonly kind: 'worktree'; readonly runId: string; readonly target: string }
  | { readonly kind: 'run_branch'; readonly runId: string; readonly target: string; readonly why: string }
  | { readonly kind: 'run_dir'; readonly runId: string; readonly target: string; readonly why: string };

export interface CleanPlan {
  readonly remove: CleanItem[];
  /** Runs left alone, and why (a live or resumable run keeps its branches and worktrees). */
  readonly keep: { readonly runId: string; readonly why: string }[];
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const ENDED = new Set<RunState['status']>(['succeeded', 'failed', 'canceled', 'quarantined']);

/**
 * What `uet clean` removes (docs/first-bundle.md, README): the step branches and worktrees of runs that ended (their
 * changes are on the run branch, which stays: it is the result), and what an interrupted creation could leave (a
 * run branch without a log, a run directory without a log). A run that is driven, stopped or paused keeps
 * everything: `uet resume` needs it. Pure.
 */
export function planClean(runs: readonly CleanRunFacts[], runBranches: readonly string[], runDirOf: (runId: string) => string): CleanPlan {
  const remove: CleanItem[] = [];
  const keep: { runId: string; why: string }[] = [];
  const logged = new Set(runs.filter((r) => r.status !== undefined).map((r) => r.runId));
  for (const r of runs) {
    if (r.status === undefined) {
      if (!r.driven) remove.push({ kind: 'run_dir', runId: r.runId, target: runDirOf(r.runId), why: 'no run log: its creation never finished' });
      continue;
    }
    if (!ENDED.has(r.status)) {
      keep.push({ runId: r.runId, why: r.driven ? 'a process drives it' : r.status === 'paused' ? 'paused: `uet resume` continues it' : 'stopped: `uet resume` continues it' });
      continue;
    }
    for (const target of r.stepBranches) remove.push({ kind: 'step_branch', runId: r.runId, target });
    for (const target of r.worktrees) remove.push({ kind: 'worktree', runId: r.runId, target });
  }
  for (const branch of runBranches) {
    const runId = branch.slice(branch.lastIndexOf('/') + 1);
    // Only a name uet run could have made (a ULID) is an orphan of an interrupted creation: a branch someone named
    // uet/run/my-experiment is theirs.
    if (!logged.has(runId) && ULID.test(runId)) remove.push({ kind: 'run_branch', runId, target: branch, why: 'no run log: its creation never finished' });
  }
  return { remove, keep };
}
