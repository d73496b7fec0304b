import type { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { classifyRepoDir } from '../../adapters/git/repo-problem.js';
import { showToplevel } from '../../adapters/git/repo-queries.js';
import { makeDirs } from '../../adapters/make-dirs.js';
import { UsageError } from '../../core/errors.js';
import type { CommandContext } from '../cli-context.js';
import { exitCodesHelp } from '../exit-codes.js';
import { APP_CONFIG_PATH, STARTER_APP_CONFIG, STARTER_BUNDLE, STARTER_BUNDLE_PATH } from '../init/starter-files.js';
import { asWriteError } from '../write-error.js';

interface InitOptions {
  repo?: string;
  github?: boolean;
  force?: boolean;
}

/** `uet init`: a commented starter bundle (and with --github the app's .github/uet.yml). */
export function registerInitCommand(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .description(`write a commented starter bundle (${STARTER_BUNDLE_PATH}) that runs on any git repository`)
    .option('--repo <dir>', 'the repository (its top directory is used)', '.')
    .option('--github', `also write ${APP_CONFIG_PATH}, the GitHub App's settings, naming the bundle`)
    .option('--force', 'replace files that exist and differ')
    .addHelpText('after', `\nA file that exists with other content is kept (exit 2) unless --force.\n${exitCodesHelp('init')}`)
    .action(async (o: InitOptions) => {
      const dir = resolve(ctx.io.cwd, o.repo ?? '.');
      const problem = await classifyRepoDir(dir);
      if (problem?.kind === 'not_repository') throw new UsageError(`${dir}: not a git repository; uet init writes into one: run \`git init\` first`);
      if (problem !== undefined) throw new UsageError(problem.message);
      const root = await showToplevel(dir);
      const files: [string, string][] = [[STARTER_BUNDLE_PATH, STARTER_BUNDLE], ...(o.github ? [[APP_CONFIG_PATH, STARTER_APP_CONFIG] as [string, string]] : [])];
      // Checked first, written after: nothing is half-written when one file is refused.
      const todo: [string, string][] = [];
      for (const [rel, text] of files) {
        const existing = await readFile(join(root, rel), 'utf8').catch(() => undefined);
        if (existing === text) ctx.io.stdout(`= ${rel} (already there)\n`);
        else if (existing !== undefined && !o.force)
          throw new UsageError(`${join(root, rel)} exists with other content; keep it, or pass --force to replace it`);
        else todo.push([rel, text]);
      }
      for (const [rel, text] of todo) {
        const path = join(root, rel);
        await makeDirs(dirname(path))
          .then(() => writeFile(path, text))
          .catch((e: unknown) => {
            throw asWriteError(e, path);
          });
        ctx.io.stdout(`+ ${rel}\n`);
      }
      const bundle = STARTER_BUNDLE_PATH;
      ctx.io.stdout(
        `\nNext:\n  uet validate ${bundle}\n  uet plan ${bundle}\n  uet run ${bundle}\n  uet status\n` +
          `Edit ${bundle} to make it yours; the tutorial docs/first-bundle.md builds a bundle step by step.\n` +
          (o.github ? `Commit ${bundle} and ${APP_CONFIG_PATH}: \`/uet run\` on a pull request then runs this bundle.\n` : ''),
      );
    });
}
