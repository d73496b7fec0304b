import type { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { convertPlan } from '../../core/convert/index.js';
import { ContractError, InputError } from '../../core/errors.js';
import { decodeText } from '../../adapters/read-document.js';
import type { CommandContext } from '../cli-context.js';
import { exitCodesHelp } from '../exit-codes.js';
import { plural } from '../render/format.js';
import { asWriteError } from '../write-error.js';

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
      `\nWarnings (what could not be mapped) go to stderr as <file>:<line>: <message>. See docs/routing.md#converter.\n${exitCodesHelp('convert')}`,
    )
    .action(async (planPath: string, o: ConvertOptions) => {
      const file = resolve(ctx.io.cwd, planPath);
      const raw = await readFile(file).catch((e: NodeJS.ErrnoException) => {
        throw new InputError(planPath, e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory, not a file' : e.message, { cause: e });
      });
      const markdown = decodeText(raw);
      if (markdown === undefined) throw new InputError(planPath, 'binary file, not a markdown plan');
      const result = convertPlan(markdown, {
        ...(o.bundleId !== undefined ? { bundleId: o.bundleId } : {}),
        fallbackName: basename(planPath, extname(planPath)),
      });
      if (result.issues.length === 1 && result.issues[0]!.pointer === '') throw new InputError(planPath, result.issues[0]!.message);
      if (result.issues.length) throw new ContractError(`${planPath} (converted)`, result.issues);
      const text = `${JSON.stringify(result.bundle, null, 2)}\n`;
      if (o.output !== undefined)
        await writeFile(resolve(ctx.io.cwd, o.output), text).catch((e: unknown) => {
          throw asWriteError(e, o.output!);
        });
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
        `wrote ${o.output}: ${plural(result.bundle.workstreams.length, 'workstream')}, ${plural(steps, 'step')}, ${plural(result.warnings.length, 'warning')}\n`,
      );
    });
}
