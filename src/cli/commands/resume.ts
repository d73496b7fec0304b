import type { Command } from 'commander';
import { openLocalRun } from '../../adapters/executor/prepare-local-run.js';
import { createSystemClock } from '../../adapters/system-clock.js';
import { createUlidSource } from '../../adapters/ulid-source.js';
import { runLockScope } from '../../core/lock/index.js';
import { fold } from '../../core/run/index.js';
import type { CommandContext } from '../cli-context.js';
import { driveLocalRun, reportOutcome } from '../local/drive-local-run.js';
import { holdScopeLock } from '../local/hold-scope-lock.js';
import { openRun } from '../local/open-run.js';
import { recoverDeadDriver } from '../local/recover-dead-driver.js';
import { exitCodesHelp } from '../exit-codes.js';
import { addOutputOptions, parseUsd, type OutputOptions } from '../options.js';

interface ResumeOptions extends OutputOptions {
  repo?: string;
  addBudget?: number;
  keepWorktrees?: boolean;
  keepStepBranches?: boolean;
}

/** `uet resume <run_id>`: continue a run after a crash, an interrupt, a budget pause or an escalation. */
export function registerResumeCommand(program: Command, ctx: CommandContext): void {
  const command = program
    .command('resume')
    .description('continue a run from its event log: finished steps are kept, interrupted ones start afresh')
    .argument('<run_id>', 'the run to continue (see `uet runs`; a unique prefix will do)')
    .option('--repo <dir>', 'the git repository of the run', '.')
    .option('--add-budget <usd>', 'raise the budget that paused the run by this amount', parseUsd)
    .option('--keep-worktrees', 'keep each step worktree after it finishes')
    .option('--keep-step-branches', 'keep the uet/step/<run_id>/<step_id> branches once the run has ended');
  addOutputOptions(command)
    .addHelpText('after', exitCodesHelp('resume'))
    .action(async (given: string, o: ResumeOptions) => {
      const opened = await openRun(ctx.io, o.repo, given);
      const { runId } = opened; // the full id, when a prefix was given
      await openLocalRun(opened.repoRoot, runId);
      const lock = await opened.store.acquireRunLock(runId);
      try {
        const state = fold(await recoverDeadDriver(ctx.io, opened.store, opened.repoRoot, runId, lock));
        const clock = createSystemClock();
        if (['succeeded', 'failed', 'canceled', 'quarantined'].includes(state.status)) {
          ctx.io.stderr(`uet: run ${runId} already ended (${state.status}); nothing to resume\n`);
          ctx.setExitCode(reportOutcome(ctx, state, clock.now(), { json: o.json === true }));
          return;
        }
        if (state.status === 'paused' || o.addBudget !== undefined) {
          const ids = createUlidSource(clock);
          const data = {
            ...(o.addBudget !== undefined ? { added_budget_usd: o.addBudget } : {}),
            ...(ctx.io.env.USER ? { by: ctx.io.env.USER } : {}),
          };
          await opened.store.append(runId, [
            {
              event_id: ids.newId(),
              run_id: runId,
              seq: state.seq + 1,
              ts: new Date(clock.now()).toISOString(),
              type: 'run_resumed',
              data,
            },
          ]);
          if (!o.json && !o.quiet) {
            const more = o.addBudget !== undefined ? ` with $${o.addBudget.toFixed(2)} more budget` : '';
            ctx.io.stdout(`run ${runId} resumed${more}\n`);
          }
        }
        // The run's lock on its base branch again (ADR 0024): it waits for a run that took it meanwhile.
        const scopeLock = await holdScopeLock(ctx.io, {
          repoRoot: opened.repoRoot,
          runId,
          scope: runLockScope(state.plan),
          onConflict: 'wait',
          ...(ctx.io.env.UET_LOCK_POLL_MS ? { pollMs: Number(ctx.io.env.UET_LOCK_POLL_MS) } : {}),
        });
        ctx.setExitCode(
          await driveLocalRun(ctx, {
            repoRoot: opened.repoRoot,
            runId,
            store: opened.store,
            ...(state.options.base_commit ? { baseCommit: state.options.base_commit } : {}),
            keepWorktrees: o.keepWorktrees === true,
            keepStepBranches: o.keepStepBranches === true,
            json: o.json === true,
            quiet: o.quiet === true,
            progress: o.progress,
          }).finally(() => scopeLock.release()),
        );
      } finally {
        await lock.release();
      }
    });
}
