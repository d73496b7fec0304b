import type { Command } from 'commander';
import { readSourceDocument } from '../../adapters/read-document.js';
import { validateAppConfig } from '../../app/config/validate-app-config.js';
import { parseCron } from '../../core/schedule/index.js';
import type { CommandContext } from '../cli-context.js';
import { exitCodes, exitCodesHelp } from '../exit-codes.js';

interface ScheduleRow {
  id: string;
  cron: string;
  bundle: string;
  /** null: the repository's default branch. */
  base: string | null;
  next: string[];
}

/**
 * `uet schedule ls <config> [--json] [--count N] [--from <ISO time>]`: the schedules of a `.github/uet.yml` with
 * their next fire times (UTC, ISO 8601). A bad cron is exit 1 naming the schedule; any other problem of the file is
 * reported with its JSON pointer (exit 1), an unreadable file is exit 2.
 */
export function registerScheduleCommand(program: Command, ctx: CommandContext): void {
  const schedule = program
    .command('schedule')
    .description('the schedules of a .github/uet.yml')
    .addHelpText('after', exitCodesHelp('schedule'));
  schedule
    .command('ls')
    .description('list the schedules of a .github/uet.yml with their next fire times (UTC)')
    .argument('<config>', 'the configuration file (.github/uet.yml)')
    .option('--json', 'print a JSON array')
    .option('--count <n>', 'how many fire times to show per schedule', '3')
    .option('--from <time>', 'list the fire times after this ISO 8601 time instead of now')
    .addHelpText('after', exitCodesHelp('schedule'))
    .action(async (file: string, o: { json?: boolean; count: string; from?: string }) => {
      const count = Number(o.count);
      const from = o.from === undefined ? Date.now() : Date.parse(o.from);
      if (!Number.isInteger(count) || count < 1 || count > 100) {
        ctx.io.stderr('uet: --count needs a whole number from 1 to 100\n');
        ctx.setExitCode(exitCodes.badInput);
        return;
      }
      if (Number.isNaN(from)) {
        ctx.io.stderr(`uet: --from needs an ISO 8601 time, such as 2026-03-10T00:00:00Z (got "${o.from}")\n`);
        ctx.setExitCode(exitCodes.badInput);
        return;
      }
      const source = await readSourceDocument(file, { cwd: ctx.io.cwd });
      const checked = validateAppConfig(source.value);
      if (!checked.ok) {
        for (const i of checked.issues) {
          const line = source.lineOf(i.pointer);
          ctx.io.stderr(
            `uet: ${file}${line !== undefined ? `:${line}` : ''}: ${i.pointer || '/'}: ${i.message}\n`,
          );
        }
        ctx.setExitCode(exitCodes.failed);
        return;
      }
      const rows: ScheduleRow[] = checked.value.schedules.map((s) => {
        const cron = parseCron(s.cron);
        return {
          id: s.id,
          cron: s.cron,
          bundle: s.bundle,
          base: s.base ?? null,
          next: cron.ok ? cron.cron.nextAfter(from, count).map((t) => new Date(t).toISOString()) : [],
        };
      });
      if (o.json) {
        ctx.io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (!rows.length) {
        ctx.io.stdout(`no schedules in ${file}\n`);
        return;
      }
      for (const r of rows)
        ctx.io.stdout(
          `${r.id}  ${r.cron}  ${r.bundle}  on ${r.base ?? 'the default branch'}\n${r.next.map((t) => `  ${t}\n`).join('')}`,
        );
    });
}
