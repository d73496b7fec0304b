import type { Command } from 'commander';
import { buildRunStatus, fold } from '../../core/run/index.js';
import { InputError } from '../../core/errors.js';
import type { CommandContext } from '../cli-context.js';
import { exitCodes, exitCodesHelp } from '../exit-codes.js';
import { formatDateTime } from '../render/format.js';
import { outputStyle } from '../render/output-style.js';
import { findRepoRoot } from '../local/open-run.js';
import { createFileEventStore } from '../../adapters/store/file-event-store.js';

/** `uet runs`: the runs of a repository, newest last. A run whose log is corrupt is reported, and exits 2. */
export function registerRunsCommand(program: Command, ctx: CommandContext): void {
  program
    .command('runs')
    .description('list the runs of a repository')
    .option('--repo <dir>', 'the git repository', '.')
    .option('--json', 'print a JSON array')
    .addHelpText('after', exitCodesHelp('runs'))
    .action(async (o: { repo?: string; json?: boolean }) => {
      const root = await findRepoRoot(ctx.io, o.repo);
      const store = createFileEventStore(root);
      const rows = [];
      const unreadable: string[] = [];
      for (const id of await store.listRuns()) {
        let events;
        try {
          events = await store.read(id);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          unreadable.push(e.message); // a corrupt log hides only its own run (and makes the exit code 2)
          continue;
        }
        if (!events.length) continue;
        const state = fold(events);
        const live = state.status === 'running' || state.status === 'pending';
        // Whether a live process drives it (false for a run that Ctrl-C or a crash left running: resume it).
        const driven = live && (await store.readDriver(id)) !== undefined;
        const view = buildRunStatus(state, Date.now(), { driven: driven || !live });
        rows.push({
          run_id: id,
          bundle_id: view.bundle_id,
          state: view.state,
          driven,
          progress_pct: view.progress_pct,
          completed: view.completed,
          total: view.total,
          steps: view.step_counts,
          cost_usd: view.cost.spent_usd,
          created_at: events[0]!.ts,
        });
      }
      for (const message of unreadable) ctx.io.stderr(`uet: ${message}\n`);
      if (unreadable.length) ctx.setExitCode(exitCodes.badInput);
      if (o.json) {
        ctx.io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (!rows.length) {
        ctx.io.stdout(`no runs in ${root}\n`);
        return;
      }
      const tz = outputStyle(ctx.io).tz;
      const table = rows.map((r) => [
        r.run_id,
        r.state,
        `${r.steps.succeeded}/${r.steps.total} ok${r.steps.failed ? `, ${r.steps.failed} failed` : ''}${r.steps.skipped ? `, ${r.steps.skipped} skipped` : ''}`,
        `$${r.cost_usd.toFixed(2)}`,
        formatDateTime(Date.parse(r.created_at), tz),
        r.bundle_id,
      ]);
      const head = ['RUN', 'STATE', 'STEPS', 'COST', 'CREATED', 'BUNDLE'];
      const width = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
      for (const row of [head, ...table])
        ctx.io.stdout(`${row.map((c, i) => (i < row.length - 1 ? c.padEnd(width[i]!) : c)).join('  ')}\n`);
    });
}
