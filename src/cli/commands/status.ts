import type { Command } from 'commander';
import {
  buildRoutingReport,
  buildRunStatus,
  renderMermaid,
  toRunRecord,
  toStepAttempts,
  type NodeState,
} from '../../core/run/index.js';
import type { CommandContext } from '../cli-context.js';
import { exitCodes, exitCodesHelp } from '../exit-codes.js';
import { openRun } from '../local/open-run.js';
import { assertCompatible, parseOutputFormat } from '../options.js';
import { outputStyle } from '../render/output-style.js';
import { renderStatus } from '../render/render-status.js';
import { describeLocalLock } from '../local/hold-scope-lock.js';

interface StatusOptions {
  repo?: string;
  json?: boolean;
  watch?: boolean;
  format?: 'text' | 'mermaid';
}

/** `uet status [run_id]`: the RunMonitor view of a run. */
export function registerStatusCommand(program: Command, ctx: CommandContext): void {
  program
    .command('status')
    .description(
      'show a run: state, step and gate counts, running/failed/skipped/blocked steps, cost against budget, elapsed, ETA',
    )
    .argument('[run_id]', 'the run (default: the latest; a unique prefix will do)')
    .option('--repo <dir>', 'the git repository of the run', '.')
    .option('--json', 'print the status, the run_record and the step attempts as JSON')
    .option('--watch', 'refresh every second until the run ends, pauses or stops')
    .option('--format <format>', 'text, or mermaid for the DAG coloured by step state', parseOutputFormat)
    .addHelpText('after', exitCodesHelp('status'))
    .action(async (runId: string | undefined, o: StatusOptions) => {
      assertCompatible([
        ['--json', '--watch', o.json === true && o.watch === true],
        ['--json', '--format', o.json === true && o.format !== undefined],
        ['--watch', '--format mermaid', o.watch === true && o.format === 'mermaid'],
      ]);
      const style = outputStyle(ctx.io);
      for (;;) {
        const { state, store, runId: id, repoRoot } = await openRun(ctx.io, o.repo, runId);
        const now = Date.now();
        const live = state.status === 'running' || state.status === 'pending';
        // A run left running by Ctrl-C or a crash has no process behind it: it shows as stopped, its clock stopped.
        const driver = live ? await store.readDriver(id) : undefined;
        const stopped = live && !driver;
        const view = buildRunStatus(state, now, { driven: !stopped });
        if (o.json) {
          ctx.io.stdout(
            `${JSON.stringify({ status: view, driven_by: driver ?? null, run_record: toRunRecord(state), step_attempts: toStepAttempts(state), routing: buildRoutingReport(state) }, null, 2)}\n`,
          );
        } else if (o.format === 'mermaid') {
          ctx.io.stdout(
            `${renderMermaid(state.plan, new Map([...state.nodes].map(([id, n]) => [id, n.state] as [string, NodeState])))}\n`,
          );
        } else {
          // --watch redraws in place on a terminal; in plain output each refresh follows the last.
          // A running run's lock on its base (ADR 0024): held, or queued behind which runs.
          const lock = live ? await describeLocalLock(repoRoot, id) : undefined;
          ctx.io.stdout(`${o.watch && !style.plain ? '\x1b[2J\x1b[H' : ''}${renderStatus(view, { style })}${lock ? `${lock}\n` : ''}`);
        }
        if (!o.watch || !live || stopped) {
          ctx.setExitCode(
            state.status === 'succeeded' || live
              ? exitCodes.ok
              : state.status === 'paused'
                ? exitCodes.paused
                : exitCodes.failed,
          );
          return;
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    });
}
