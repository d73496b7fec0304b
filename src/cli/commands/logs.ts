import type { Command } from 'commander';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { gateWorktreeName } from '../../adapters/git/run-branches.js';
import { runDir } from '../../adapters/uet-paths.js';
import type { PlanNode } from '../../core/bundle/index.js';
import type { CommandContext } from '../cli-context.js';
import { exitCodesHelp } from '../exit-codes.js';
import { openRun } from '../local/open-run.js';
import { parsePositiveInt } from '../options.js';

/** A node's logs: the file name stem and the attempts that have a log. */
interface NodeLogs {
  readonly name: string;
  readonly stem: string;
}

/**
 * The node `given` names: a step by its id, or a gate as `gate:<gate_id>` or `gate:<ws_id>:<gate_id>` (the plan's node
 * id; `bundle` for a bundle gate). A step and a gate may share an id, so a gate is always named with its prefix.
 */
export function findLogNode(nodes: readonly PlanNode[], given: string, runId: string): NodeLogs {
  if (given.startsWith('gate:')) {
    const rest = given.slice('gate:'.length);
    const gates = nodes.filter((n) => n.kind === 'gate' && (n.id === given || n.gate?.gate_id === rest));
    if (gates.length === 1) return { name: gates[0]!.id, stem: gateWorktreeName(gates[0]!.id) };
    if (gates.length > 1)
      throw new UsageError(`run ${runId} has ${gates.length} gates ${rest}: name one as ${gates.map((g) => g.id).join(' or ')}`);
    throw new UsageError(`run ${runId} has no gate "${rest}" (gates: ${nodes.filter((n) => n.kind === 'gate').map((n) => n.id).join(', ') || 'none'})`);
  }
  if (nodes.some((n) => n.kind === 'step' && n.id === given)) return { name: given, stem: given };
  const gate = nodes.find((n) => n.kind === 'gate' && n.gate?.gate_id === given);
  throw new UsageError(
    gate ? `run ${runId} has no step "${given}"; for the gate, name it gate:${given}` : `run ${runId} has no step or gate "${given}" (see \`uet logs ${runId}\`)`,
  );
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `uet logs <run_id> [step_id | gate:<gate_id>]`: the captured output of an attempt (or the list of logs). */
export function registerLogsCommand(program: Command, ctx: CommandContext): void {
  program
    .command('logs')
    .description("print a step's or a gate's captured output (tool, validation), or list the run's logs")
    .argument('<run_id>', 'the run (a unique prefix will do)')
    .argument('[node]', 'a step id, or gate:<gate_id> (gate:<ws_id>:<gate_id> when several workstreams have it); without it, list the logs')
    .option('--repo <dir>', 'the git repository of the run', '.')
    .option('--attempt <n>', 'the attempt (default: the latest)', parsePositiveInt)
    .addHelpText('after', exitCodesHelp('logs'))
    .action(async (given: string, nodeName: string | undefined, o: { repo?: string; attempt?: number }) => {
      const { repoRoot, state, runId } = await openRun(ctx.io, o.repo, given); // runId: the full id of a prefix
      const dir = join(runDir(repoRoot, runId), 'logs');
      const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.log')).sort();
      const nodes = [...state.plan.nodes.values()];
      if (nodeName === undefined) {
        if (!files.length) {
          ctx.io.stdout(`run ${runId} has no logs yet\n`);
          return;
        }
        for (const n of nodes) {
          const stem = n.kind === 'gate' ? gateWorktreeName(n.id) : n.id;
          for (const f of files.filter((f) => new RegExp(`^${escape(stem)}\\.\\d+\\.log$`).test(f)))
            ctx.io.stdout(`${n.id} attempt ${f.slice(stem.length + 1, -4)}: ${join(dir, f)}\n`);
        }
        return;
      }
      const node = findLogNode(nodes, nodeName, runId);
      const attempts = files
        .map((f) => new RegExp(`^${escape(node.stem)}\\.(\\d+)\\.log$`).exec(f))
        .flatMap((m) => (m ? [Number(m[1])] : []))
        .sort((a, b) => a - b);
      const attempt = o.attempt ?? attempts.at(-1);
      if (attempt === undefined || !attempts.includes(attempt)) {
        throw new UsageError(
          `no log for ${node.name}${o.attempt ? ` attempt ${o.attempt}` : ''} in run ${runId}${attempts.length ? ` (attempts with logs: ${attempts.join(', ')})` : ''}`,
        );
      }
      ctx.io.stdout(await readFile(join(dir, `${node.stem}.${attempt}.log`), 'utf8'));
    });
}
