import { join } from 'node:path';
import { buildToolEnv } from '../adapters/tools/build-tool-env.js';
import type { PlanNode } from '../core/bundle/index.js';
import { runRef, type RunnerInput, type RunState, type ToolJob } from '../core/run/index.js';
import { fetchRef, type GitRemote } from './git-remote.js';
import { readLedger } from './run-ledger.js';
import { assertRunnerInput, assertToolJob, startAttempt } from './start-state.js';

export interface AttemptRequest {
  readonly remote: GitRemote;
  readonly runId: string;
  readonly nodeId: string;
  readonly attempt: number;
  /** The dispatch's `tool` input, checked against the run's route before anything runs. */
  readonly tool: ToolJob;
  /** The dispatch's `runner` input (ADR 0026), checked against the run's recorded runner class likewise. */
  readonly runner?: RunnerInput;
  readonly parentEnv: Readonly<Record<string, string>>;
  readonly logDir: string;
  readonly now: () => number;
  readonly newId: () => string;
}

/** One attempt as a job sees it: the run's state with the start materialized, the checkout at the run branch tip. */
export interface AttemptContext {
  readonly state: RunState;
  readonly node: PlanNode;
  readonly toolId: string;
  readonly started: number;
  /** The commit the checkout is at: the run branch tip (the attempt's base). */
  readonly base: string;
  readonly cwd: string;
  readonly common: { run_id: string; node_id: string; attempt: number; started_at: string };
  readonly logPath: string;
  /** The clean environment of the processes the attempt runs (buildToolEnv). */
  readonly env: Record<string, string>;
}

/**
 * Reads the run from its ledger ref, materializes the attempt's start, refuses a dispatch whose `tool` input the
 * route does not match, or whose `runner` input is not the node's recorded runner class (before any checkout or
 * process), then checks out the run branch tip, detached.
 */
export async function openAttempt(r: AttemptRequest): Promise<AttemptContext> {
  const started = r.now();
  const { state } = await readLedger(r.remote, r.runId);
  const { node, toolId } = startAttempt(state, r.nodeId, r.attempt, started);
  assertToolJob(state, node.id, r.tool);
  if (r.runner !== undefined) assertRunnerInput(state, node.id, r.runner);
  const tip = await fetchRef(r.remote, runRef(r.runId, state.options)); // a fork run's ref is not a branch
  if (tip !== null) await r.remote.git(['checkout', '--quiet', '--detach', tip]);
  const base = (await r.remote.git(['rev-parse', 'HEAD'])).stdout.trim();
  const cwd = r.remote.cwd;
  return {
    state,
    node,
    toolId,
    started,
    base,
    cwd,
    common: { run_id: r.runId, node_id: node.id, attempt: r.attempt, started_at: new Date(started).toISOString() },
    logPath: join(r.logDir, `uet-${node.id.replace(/[^A-Za-z0-9._-]/g, '_')}-${r.attempt}.log`),
    env: buildToolEnv(r.parentEnv, { runId: r.runId, attempt: r.attempt, stepId: node.id, wsId: node.wsId, worktree: cwd, ...(node.step?.context?.env ? { extra: node.step.context.env } : {}) }),
  };
}
