import { cleanupRun } from '../../adapters/executor/cleanup-run.js';
import { createLocalExecutor } from '../../adapters/executor/local-executor.js';
import { createToolRegistry } from '../../adapters/tools/create-tool-registry.js';
import type { FileEventStore } from '../../adapters/store/file-event-store.js';
import { createSystemClock } from '../../adapters/system-clock.js';
import { createUlidSource } from '../../adapters/ulid-source.js';
import { buildRunStatus, driveRun, toRunRecord, type RunState } from '../../core/run/index.js';
import type { CommandContext } from '../cli-context.js';
import { exitCodes, type ExitCode } from '../exit-codes.js';
import { createLiveProgress } from '../render/live-progress.js';
import { renderStatus } from '../render/render-status.js';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface LocalDriveOptions {
  readonly repoRoot: string;
  readonly runId: string;
  readonly store: FileEventStore;
  readonly baseCommit?: string;
  readonly keepWorktrees: boolean;
  readonly json: boolean;
}

/**
 * Drives a local run to its end (or a pause) with the git-worktree executor, showing progress, and maps
 * the outcome to an exit code. Ctrl-C (or SIGTERM, SIGHUP) stops the running attempts and leaves the run resumable.
 */
export async function driveLocalRun(ctx: CommandContext, o: LocalDriveOptions): Promise<ExitCode> {
  const clock = createSystemClock();
  const [created] = await o.store.read(o.runId);
  const executor = createLocalExecutor({
    repoDir: o.repoRoot,
    runId: o.runId,
    clock,
    keepWorktrees: o.keepWorktrees,
    ...(o.baseCommit ? { baseCommit: o.baseCommit } : {}),
    // The run's own tools: built-ins, configured tools and custom adapters of the router_config it recorded.
    tools: createToolRegistry(created?.type === 'run_created' ? created.data.options.routing?.router_config : undefined, o.repoRoot),
  });
  const progress = o.json ? undefined : createLiveProgress(ctx.io, () => clock.now());
  const interrupt = new AbortController();
  // Ctrl-C, `kill <pid>` and a closed terminal stop the run alike: the steps run in process groups of their own, so
  // uet must stop them itself before it exits, and their attempts are recorded as abandoned (resumable).
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupt.signal.aborted) process.exit(exitCodes.interrupted);
    const what = signal === 'SIGINT' ? 'interrupted' : `${signal} received`;
    ctx.io.stderr(`\nuet: ${what}; stopping running steps (Ctrl-C again to quit at once)\n`);
    interrupt.abort();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  let state: RunState;
  try {
    state = await driveRun(
      o.runId,
      { store: o.store, executor, clock, ids: createUlidSource(clock) },
      { signal: interrupt.signal, ...(progress ? { onEvent: progress.onEvent } : {}) },
    );
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    progress?.stop();
  }
  if (!o.keepWorktrees) await cleanupRun(o.repoRoot, o.runId);
  return reportOutcome(ctx, state, clock.now(), { json: o.json, interrupted: interrupt.signal.aborted });
}

export function reportOutcome(
  ctx: CommandContext,
  state: RunState,
  now: number,
  o: { json: boolean; interrupted?: boolean },
): ExitCode {
  const { io } = ctx;
  if (o.json) io.stdout(`${JSON.stringify(toRunRecord(state), null, 2)}\n`);
  else if (!io.isTTY) io.stdout(`\n${renderStatus(buildRunStatus(state, now))}`);
  const branch = state.options.run_branch ? ` (branch ${state.options.run_branch})` : '';
  switch (state.status) {
    case 'succeeded':
      if (!o.json) io.stdout(`\nrun ${state.runId} succeeded${branch}\n`);
      return exitCodes.ok;
    case 'paused':
      if (!o.json) io.stdout(`\nrun ${state.runId} paused: ${state.pause?.message ?? ''}\n`);
      return exitCodes.paused;
    case 'running':
    case 'pending':
      io.stderr(
        `uet: run ${state.runId} ${o.interrupted ? 'interrupted' : 'stopped'}; continue it with \`uet resume ${state.runId}\`\n`,
      );
      return o.interrupted ? exitCodes.interrupted : exitCodes.failed;
    default:
      if (!o.json)
        io.stdout(`\nrun ${state.runId} ${state.status}: ${state.completion?.message ?? ''}${branch}\n`);
      return exitCodes.failed;
  }
}
