import type { Command } from 'commander';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { gateWorktreeName } from '../../adapters/git/run-branches.js';
import { runDir } from '../../adapters/uet-paths.js';
import type { CommandContext } from '../cli-context.js';
import { openRun } from '../local/open-run.js';
import { parsePositiveInt } from '../options.js';

/** `uet logs <run_id> [step_id]`: the captured output of a step's attempts (or the list of logs). */
export function registerLogsCommand(program: Command, ctx: CommandContext): void {
  program
    .command('logs')
    .description("print a step's captured output (tool, validation), or list the run's logs")
    .argument('<run_id>', 'the run')
    .argument('[step_id]', 'the step (or a gate id); without it, list the logs')
    .option('--repo <dir>', 'the git repository of the run', '.')
    .option('--attempt <n>', 'the attempt (default: the latest)', parsePositiveInt)
    .action(async (given: string, stepId: string | undefined, o: { repo?: string; attempt?: number }) => {
      const { repoRoot, state, runId } = await openRun(ctx.io, o.repo, given); // runId: the full id of a prefix
      const dir = join(runDir(repoRoot, runId), 'logs');
      const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.log')).sort();
      if (stepId === undefined) {
        ctx.io.stdout(files.length ? `${files.map((f) => join(dir, f)).join('\n')}\n` : `run ${runId} has no logs yet\n`);
        return;
      }
      const gate = [...state.plan.nodes.values()].find((n) => n.kind === 'gate' && (n.gate?.gate_id === stepId || n.id === stepId));
      const name = gate ? gateWorktreeName(gate.id) : stepId;
      if (!gate && !state.plan.nodes.has(stepId)) throw new UsageError(`run ${runId} has no step or gate "${stepId}"`);
      const attempts = files
        .map((f) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.log$`).exec(f))
        .flatMap((m) => (m ? [Number(m[1])] : []))
        .sort((a, b) => a - b);
      const attempt = o.attempt ?? attempts.at(-1);
      if (attempt === undefined || !attempts.includes(attempt)) {
        throw new UsageError(`no log for ${stepId}${o.attempt ? ` attempt ${o.attempt}` : ''} in run ${runId}${attempts.length ? ` (attempts with logs: ${attempts.join(', ')})` : ''}`);
      }
      ctx.io.stdout(await readFile(join(dir, `${name}.${attempt}.log`), 'utf8'));
    });
}
