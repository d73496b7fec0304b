import type { Command } from 'commander';
import { cleanupRun } from '../../adapters/executor/cleanup-run.js';
import { createLocalExecutor } from '../../adapters/executor/local-executor.js';
import { RunLockedError, type RunLock } from '../../adapters/store/run-lock.js';
import { createSystemClock } from '../../adapters/system-clock.js';
import { createUlidSource } from '../../adapters/ulid-source.js';
import { fold } from '../../core/run/index.js';
import type { CommandContext } from '../cli-context.js';
import { exitCodes, exitCodesHelp } from '../exit-codes.js';
import { cancelLocalRun, removeCancelRequest, writeCancelRequest } from '../local/cancel-local-run.js';
import { removeStepBranches } from '../../adapters/git/uet-refs.js';
import type { OpenedRun } from '../local/open-run.js';
import { openRun } from '../local/open-run.js';
import { recoverDeadDriver } from '../local/recover-dead-driver.js';

const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'quarantined']);

/**
 * Takes the run's lock; with `force`, first asks a live local driver to cancel (a cancel request beside the log, then
 * SIGINT), and waits for it: that driver ends the run as canceled itself and says so.
 */
async function takeLock(ctx: CommandContext, opened: OpenedRun, force: boolean): Promise<RunLock> {
  try {
    return await opened.store.acquireRunLock(opened.runId);
  } catch (e) {
    if (!(e instanceof RunLockedError) || !force) throw e;
    ctx.io.stderr(`uet: asking pid ${e.holder.pid}, which drives run ${opened.runId}, to cancel it\n`);
    await writeCancelRequest(opened.repoRoot, opened.runId, { pid: process.pid, ...(ctx.io.env.USER ? { by: ctx.io.env.USER } : {}) });
    process.kill(e.holder.pid, 'SIGINT');
    for (let i = 0; i < 300; i++) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        return await opened.store.acquireRunLock(opened.runId);
      } catch (again) {
        if (!(again instanceof RunLockedError)) throw again;
      }
    }
    throw e;
  }
}

/** `uet cancel <run_id>`: end a run as canceled; steps not yet done are skipped with cause canceled. */
export function registerCancelCommand(program: Command, ctx: CommandContext): void {
  program
    .command('cancel')
    .description('cancel a run: no new step starts, the rest is skipped, and the run ends as canceled')
    .argument('<run_id>', 'the run')
    .option('--repo <dir>', 'the git repository of the run', '.')
    .option('--force', 'if a uet process is driving the run, have it stop its steps and end the run as canceled')
    .addHelpText('after', exitCodesHelp('cancel'))
    .action(async (given: string, o: { repo?: string; force?: boolean }) => {
      const opened = await openRun(ctx.io, o.repo, given);
      const { runId } = opened; // the full id, when a prefix was given
      if (TERMINAL.has(opened.state.status)) {
        ctx.io.stdout(`run ${runId} already ended (${opened.state.status})\n`);
        return;
      }
      const lock = await takeLock(ctx, opened, o.force === true);
      try {
        const clock = createSystemClock();
        const ids = createUlidSource(clock);
        const state = fold(await recoverDeadDriver(ctx.io, opened.store, opened.repoRoot, runId, lock));
        const executor = createLocalExecutor({ repoDir: opened.repoRoot, runId, clock });
        const final = TERMINAL.has(state.status) ? state : await cancelLocalRun(opened.store, runId, { executor, clock, ids }, ctx.io.env.USER);
        await cleanupRun(opened.repoRoot, runId);
        if (final.status === 'canceled') await removeStepBranches(opened.repoRoot, runId);
        ctx.io.stdout(`run ${runId} ${final.status}\n`);
        ctx.setExitCode(final.status === 'canceled' ? exitCodes.ok : exitCodes.failed);
      } finally {
        removeCancelRequest(opened.repoRoot, runId);
        await lock.release();
      }
    });
}
