import type { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { convertPlan } from '../../core/convert/index.js';
import { ContractError, InputError } from '../../core/errors.js';
import type { CommandContext } from '../cli-context.js';

interface ConvertOptions {
  output?: string;
  bundleId?: string;
  json?: boolean;
}

/** `uet convert <plan.md>`: a markdown phase plan to a workstream bundle (the seed's conversion script). */
export function registerConvertCommand(program: Command, ctx: CommandContext): void {
  program
    .command('convert')
    .description(
      'convert a markdown phase plan (### weeks, - [ ] tasks, {inline: metadata}) into a workstream bundle',
    )
    .argument('<plan>', 'the markdown plan')
    .option('-o, --output <file>', 'write the bundle here instead of printing it')
    .option(
      '--bundle-id <id>',
      "the bundle_id (default: the plan's {bundle_id: ...}, else the slug of its title)",
    )
    .option('--json', 'print {bundle, warnings, output} as JSON; warnings are not printed on stderr')
    .addHelpText(
      'after',
      '\nWarnings (what could not be mapped) go to stderr as <file>:<line>: <message>. See docs/routing.md#converter.',
    )
    .action(async (planPath: string, o: ConvertOptions) => {
      const file = resolve(ctx.io.cwd, planPath);
      const markdown = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
        throw new InputError(planPath, e.code === 'ENOENT' ? 'no such file' : e.message, { cause: e });
      });
      const result = convertPlan(markdown, {
        ...(o.bundleId !== undefined ? { bundleId: o.bundleId } : {}),
        fallbackName: basename(planPath, extname(planPath)),
      });
      if (result.issues.length) throw new ContractError(`${planPath} (converted)`, result.issues);
      const text = `${JSON.stringify(result.bundle, null, 2)}\n`;
      if (o.output !== undefined) await writeFile(resolve(ctx.io.cwd, o.output), text);
      if (o.json) {
        ctx.io.stdout(
          `${JSON.stringify({ bundle: result.bundle, warnings: result.warnings, output: o.output ?? null }, null, 2)}\n`,
        );
        return;
      }
      for (const w of result.warnings) ctx.io.stderr(`${planPath}:${w.line}: warning: ${w.message}\n`);
      if (o.output === undefined) return void ctx.io.stdout(text);
      const steps = result.bundle.workstreams.reduce((n, w) => n + (w.steps ?? []).length, 0);
      ctx.io.stdout(
        `wrote ${o.output}: ${result.bundle.workstreams.length} workstreams, ${steps} steps, ${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'}\n`,
      );
    });
}
