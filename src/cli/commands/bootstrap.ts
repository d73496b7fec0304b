import type { Command } from 'commander';
import { resolve } from 'node:path';
import { canScanInWorker, scanInWorker } from '../../adapters/bootstrap/languages/scan-in-worker.js';
import type { BootstrapDeps } from '../../adapters/bootstrap/run-bootstrap.js';
import { packageVersion } from '../../adapters/package-root.js';
import { createSystemClock } from '../../adapters/system-clock.js';
import { UsageError } from '../../core/errors.js';
import type { CommandContext } from '../cli-context.js';
import { exitCodes, exitCodesHelp } from '../exit-codes.js';

interface BootstrapCliOptions {
  write?: boolean;
  force?: boolean;
  json?: boolean;
  owner: string;
  profile?: string;
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

/** `uet bootstrap [<dir>] [--write [--force]] [--json] [--owner <o>] [--profile <id>]` */
export function registerBootstrapCommand(program: Command, ctx: CommandContext, deps: Partial<BootstrapDeps> = {}): void {
  program
    .command('bootstrap')
    .description('discover a repository (languages, tools, CI gates), choose its profile and generate .uet/ and the UET workflow')
    .argument('[dir]', 'the repository to bootstrap', '.')
    .option('--write', 'write the artifacts (without it, print what would be written); files that exist and differ are kept')
    .option('--force', 'with --write: also replace the files that exist and differ (they may hold edits)')
    .option('--json', 'print the bootstrap_report as JSON')
    .option('--owner <owner>', 'GitHub owner of the UET action used by the generated workflow', 'uet-dev')
    .option('--profile <id>', 'use this profile instead of the one the selector picks')
    .addHelpText('after', exitCodesHelp('bootstrap'))
    .action(async (dir: string, o: BootstrapCliOptions) => {
      if (o.force && !o.write) throw new UsageError('--force goes with --write: it lets --write replace files that exist and differ');
      if (!OWNER.test(o.owner)) throw new UsageError(`--owner ${JSON.stringify(o.owner)} is not a GitHub user or organization name (expected letters, digits and hyphens, at most 39, not starting with a hyphen)`);
      // The language scan starts first, in a worker thread, and runs while the rest of bootstrap is loaded and
      // works (the scan covers the whole repository from any directory in it; bad input is reported first).
      const early = !deps.scanLanguages && canScanInWorker ? scanInWorker(resolve(ctx.io.cwd, dir)) : undefined;
      const [{ runBootstrap }, { buildFailedReport }, { renderSummary }, { validateDocument }] = await Promise.all([
        import('../../adapters/bootstrap/run-bootstrap.js'),
        import('../../core/bootstrap/build-report.js'),
        import('../../core/bootstrap/render-summary.js'),
        import('../../core/contracts/index.js'),
      ]);
      const clock = createSystemClock();
      const generator = { name: 'uet', version: packageVersion() };
      const outcome = await runBootstrap(
        { dir, cwd: ctx.io.cwd, write: o.write === true, force: o.force === true, owner: o.owner, ...(o.profile !== undefined ? { profile: o.profile } : {}) },
        { now: () => clock.now(), generator, path: ctx.io.env.PATH, ...(early ? { scanLanguages: () => early.result } : {}), ...deps },
      ).finally(() => early?.cancel());
      let report = outcome.report;
      const checked = validateDocument('bootstrap_report', report);
      if (!checked.ok) {
        const why = checked.issues.map((i) => `${i.pointer || '/'}: ${i.message}`).join('; ');
        report = buildFailedReport(`the report does not satisfy bootstrap_report (a bug in uet): ${why}`, new Date(clock.now()).toISOString(), generator, undefined);
      }
      if (o.json) ctx.io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      else for (const line of renderSummary(report, outcome.changes)) ctx.io.stdout(`${line}\n`);
      ctx.setExitCode(report.status === 'failed' ? exitCodes.failed : exitCodes.ok);
    });
}
