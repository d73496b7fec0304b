import type { Command } from 'commander';
import { dirname, resolve } from 'node:path';
import { findProfile } from '../../adapters/find-profile.js';
import { readSourceDocument } from '../../adapters/read-document.js';
import { isContractName, listContracts, type ContractName } from '../../core/contracts/index.js';
import { InputError, UsageError } from '../../core/errors.js';
import type { CliIo, CommandContext } from '../cli-context.js';
import { exitCodes, exitCodesHelp, type ExitCode } from '../exit-codes.js';
import { readRepoRouter } from '../local/read-tool-setup.js';
import { checkDocument } from '../validate/check-document.js';
import { renderReport, type FileReport } from '../validate/render-report.js';

export interface ValidateOptions {
  schema?: string;
  json?: boolean;
  repo?: string;
}

/** `uet validate <file...> [--schema <name>] [--json]` */
export function registerValidateCommand(program: Command, ctx: CommandContext): void {
  program
    .command('validate')
    .description('check JSON or YAML documents against the UET contracts, and bundles for DAG consistency')
    .argument('<file...>', 'documents to validate (.json, .yaml or .yml)')
    .option('--schema <name>', 'validate against this contract instead of the declared or best-matching one')
    .option('--json', 'print a JSON array of results instead of text')
    .option('--repo <dir>', 'the repository whose .uet/router_config.json declares the tools steps may name', '.')
    .addHelpText('after', `\nContracts: ${listContracts().join(', ')}\n${exitCodesHelp('validate')}`)
    .action(async (files: string[], options: ValidateOptions) => {
      ctx.setExitCode(await validateFiles(files, options, ctx.io));
    });
}

function parseSchemaOption(name: string | undefined): ContractName | undefined {
  if (name === undefined) return undefined;
  const bare = name.replace(/\.v\d+(\.json)?$/, '');
  if (isContractName(bare)) return bare;
  throw new UsageError(
    `unknown contract "${name}" for --schema; known contracts: ${listContracts().join(', ')}`,
  );
}

/** Validates each file, prints the results and returns the exit code. Unreadable files are reported and skipped. */
export async function validateFiles(
  files: readonly string[],
  options: ValidateOptions,
  io: CliIo,
): Promise<ExitCode> {
  const contract = parseSchemaOption(options.schema);
  const router = await readRepoRouter(resolve(io.cwd, options.repo ?? '.'));
  const reports: FileReport[] = [];
  for (const file of files) {
    let report: FileReport;
    try {
      const source = await readSourceDocument(file, { cwd: io.cwd });
      const from = dirname(resolve(io.cwd, file));
      const check = await checkDocument(source.value, {
        ...(contract ? { contract } : {}),
        findProfile: (id) => findProfile(id, from),
        router,
      });
      const issues = check.issues.map((issue) => {
        const line = source.lineOf(issue.pointer);
        return line === undefined ? issue : { ...issue, line };
      });
      report = {
        file,
        contract: check.contract,
        detection: check.detection,
        valid: issues.length === 0,
        issues,
      };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      report = { file, contract: null, detection: null, valid: false, issues: [], error: error.message };
      if (!options.json) io.stderr(`uet: ${error.message}\n`);
    }
    reports.push(report);
    if (!options.json) for (const line of renderReport(report)) io.stdout(`${line}\n`);
  }
  if (options.json) io.stdout(`${JSON.stringify(reports, null, 2)}\n`);
  if (reports.some((r) => r.error !== undefined)) return exitCodes.badInput;
  return reports.every((r) => r.valid) ? exitCodes.ok : exitCodes.failed;
}
