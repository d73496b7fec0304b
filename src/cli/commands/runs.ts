import type { Command } from 'commander';
import { buildRunStatus, fold } from '../../core/run/index.js';
import { InputError } from '../../core/errors.js';
import type { CommandContext } from '../cli-context.js';
import { exitCodes } from '../exit-codes.js';
import { findRepoRoot } from '../local/open-run.js';
import { createFileEventStore } from '../../adapters/store/file-event-store.js';

/** `uet runs`: the runs of a repository, newest last. A run whose log is corrupt is reported, and exits 2. */
export function registerRunsCommand(program: Command, ctx: CommandContext): void {
  program
    .command('runs')
    .description('list the runs of a repository')
    .option('--repo <dir>', 'the git repository', '.')
    .option('--json', 'print a JSON array')
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
        const view = buildRunStatus(fold(events), Date.now());
        const live = view.state === 'running' || view.state === 'pending';
        rows.push({
          run_id: id,
          bundle_id: view.bundle_id,
          state: view.state,
          // Whether a live process drives it (false for a run that Ctrl-C or a crash left running: resume it).
          driven: live && (await store.readDriver(id)) !== undefined,
          progress_pct: view.progress_pct,
          completed: view.completed,
          total: view.total,
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
      ctx.io.stdout(
        `${'RUN'.padEnd(27)} ${'STATE'.padEnd(10)} ${'PROGRESS'.padEnd(14)} ${'COST'.padEnd(8)} ${'CREATED'.padEnd(20)} BUNDLE\n`,
      );
      for (const r of rows) {
        ctx.io.stdout(
          `${r.run_id.padEnd(27)} ${(r.state === 'running' && !r.driven ? 'stopped' : r.state).padEnd(10)} ${`${r.progress_pct}% ${r.completed}/${r.total}`.padEnd(14)} ${`$${r.cost_usd.toFixed(2)}`.padEnd(8)} ${r.created_at.slice(0, 19).padEnd(20)} ${r.bundle_id}\n`,
        );
      }
    });
}
