import { cleanupRun } from '../../adapters/executor/cleanup-run.js';
import { createLocalExecutor } from '../../adapters/executor/local-executor.js';
import { removeStepBranches } from '../../adapters/git/uet-refs.js';
import { createToolRegistry } from '../../adapters/tools/create-tool-registry.js';
import type { FileEventStore } from '../../adapters/store/file-event-store.js';
import { createSystemClock } from '../../adapters/system-clock.js';
import { createUlidSource } from '../../adapters/ulid-source.js';
import { buildRunStatus, driveRun, toRunRecord, type RunState } from '../../core/run/index.js';
import type { CommandContext } from '../cli-context.js';
import { exitCodes, type ExitCode } from '../exit-codes.js';
import { createLiveProgress } from '../render/live-progress.js';
import { outputStyle } from '../render/output-style.js';
import { renderStatus } from '../render/render-status.js';
import { cancelLocalRun, readCancelRequest, removeCancelRequest, type CancelRequest } from './cancel-local-run.js';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const TERMINAL = new Set<RunState['status']>(['succeeded', 'failed', 'canceled', 'quarantined']);

/** What `uet run`/`uet resume` print: `--json`, `--quiet`, `--no-progress`. */
export interface DriveOutput {
  /** The final run_record as JSON, nothing else on stdout. */
  readonly json: boolean;
  /** Only the one-line outcome (and errors). */
  readonly quiet: boolean;
  /** The live picture (terminal) or one line per event (pipe); false prints the final status only. */
  readonly progress: boolean;
}

export interface LocalDriveOptions extends DriveOutput {
  readonly repoRoot: string;
  readonly runId: string;
  readonly store: FileEventStore;
  readonly baseCommit?: string | undefined;
  readonly keepWorktrees: boolean;
  /** Keep uet/step/<run_id>/* once the run has ended (by default they go: the run branch holds every step's change). */
  readonly keepStepBranches: boolean;
}

/**
 * Drives a local run to its end (or a pause) with the git-worktree executor, showing progress, and maps the outcome
 * to an exit code. Ctrl-C (or SIGTERM, SIGHUP) stops the running attempts and leaves the run resumable; the same
 * interrupt sent by `uet cancel --force` (its cancel request beside the log) ends the run as canceled instead. The
 * signal handlers are installed before this function first awaits, so a caller that held stop signals back while it
 * created the run can release them right after the call, with no gap.
 */
export function driveLocalRun(ctx: CommandContext, o: LocalDriveOptions): Promise<ExitCode> {
  const interrupt = new AbortController();
  let cancel: CancelRequest | undefined;
  // Ctrl-C, `kill <pid>` and a closed terminal stop the run alike: the steps run in process groups of their own, so
  // uet must stop them itself before it exits, and their attempts are recorded as abandoned (resumable).
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupt.signal.aborted) process.exit(exitCodes.interrupted);
    cancel = readCancelRequest(o.repoRoot, o.runId);
    const what = cancel
      ? `canceled by \`uet cancel\` (pid ${cancel.pid}${cancel.by ? `, ${cancel.by}` : ''})`
      : signal === 'SIGINT'
        ? 'interrupted'
        : `${signal} received`;
    ctx.io.stderr(`\nuet: ${what}; stopping running steps${cancel ? '' : ' (Ctrl-C again to quit at once)'}\n`);
    interrupt.abort();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  const off = () => {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  };
  return drive(ctx, o, interrupt, () => cancel).finally(off);
}

async function drive(
  ctx: CommandContext,
  o: LocalDriveOptions,
  interrupt: AbortController,
  canceled: () => CancelRequest | undefined,
): Promise<ExitCode> {
  const clock = createSystemClock();
  const ids = createUlidSource(clock);
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
  const style = outputStyle(ctx.io);
  const progress = o.json || o.quiet || !o.progress ? undefined : createLiveProgress(ctx.io, () => clock.now(), style);
  let state: RunState;
  try {
    state = await driveRun(
      o.runId,
      { store: o.store, executor, clock, ids },
      { signal: interrupt.signal, ...(progress ? { onEvent: progress.onEvent } : {}) },
    );
    const cancel = canceled();
    if (cancel && (state.status === 'running' || state.status === 'pending')) {
      state = await cancelLocalRun(o.store, o.runId, { executor, clock, ids }, cancel.by);
      removeCancelRequest(o.repoRoot, o.runId);
    }
  } finally {
    progress?.stop(interrupt.signal.aborted);
  }
  if (!o.keepWorktrees) await cleanupRun(o.repoRoot, o.runId);
  if (!o.keepStepBranches && TERMINAL.has(state.status)) await removeStepBranches(o.repoRoot, o.runId);
  return reportOutcome(ctx, state, clock.now(), { ...o, interrupted: interrupt.signal.aborted, shown: progress !== undefined && style.plain === false });
}

/**
 * Prints how a run ended and returns its exit code (README: 0 succeeded, 1 failed or canceled, 3 paused, 130
 * interrupted and resumable). `shown`: the live picture already shows the final status.
 */
export function reportOutcome(
  ctx: CommandContext,
  state: RunState,
  now: number,
  o: Pick<DriveOutput, 'json'> & Partial<DriveOutput> & { interrupted?: boolean; shown?: boolean },
): ExitCode {
  const { io } = ctx;
  const out = (text: string) => {
    if (!o.json) io.stdout(text);
  };
  if (o.json) io.stdout(`${JSON.stringify(toRunRecord(state), null, 2)}\n`);
  // Still running or pending here means this process stops driving it (interrupted): it shows as stopped.
  else if (!o.quiet && !o.shown) io.stdout(`\n${renderStatus(buildRunStatus(state, now, { driven: false }), { style: outputStyle(io) })}`);
  const branch = state.options.run_branch ? ` (branch ${state.options.run_branch})` : '';
  const lead = o.quiet ? '' : '\n';
  switch (state.status) {
    case 'succeeded':
      out(`${lead}run ${state.runId} succeeded${branch}\n`);
      return exitCodes.ok;
    case 'paused':
      out(`${lead}run ${state.runId} paused: ${state.pause?.message ?? ''}\n`);
      return exitCodes.paused;
    case 'running':
    case 'pending':
      io.stderr(
        `uet: run ${state.runId} ${o.interrupted ? 'interrupted' : 'stopped'}; continue it with \`uet resume ${state.runId}\`\n`,
      );
      return o.interrupted ? exitCodes.interrupted : exitCodes.failed;
    default:
      out(`${lead}run ${state.runId} ${state.status}: ${state.completion?.message ?? ''}${branch}\n`);
      return exitCodes.failed;
  }
}
