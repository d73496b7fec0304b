import type { Command } from 'commander';
import { readdir, rm } from 'node:fs/promises';
import { cleanupRun } from '../../adapters/executor/cleanup-run.js';
import { listRunWorktrees } from '../../adapters/git/list-run-worktrees.js';
import { gitCommonDir } from '../../adapters/git/repo-queries.js';
import { deleteRefs, listRefs, stepRefsPrefix } from '../../adapters/git/uet-refs.js';
import { createFileEventStore } from '../../adapters/store/file-event-store.js';
import { runDir, uetRunsDir } from '../../adapters/uet-paths.js';
import { fold, planClean, type CleanItem, type CleanRunFacts } from '../../core/run/index.js';
import type { CommandContext } from '../cli-context.js';
import { exitCodesHelp } from '../exit-codes.js';
import { findRepoRoot, resolveRunId } from '../local/open-run.js';
import { collect } from '../options.js';
import { plural } from '../render/format.js';

const LABEL: Record<CleanItem['kind'], string> = {
  step_branch: 'step branch',
  worktree: 'worktree',
  run_branch: 'run branch',
  run_dir: 'run directory',
};

/** `uet clean`: removes what finished runs leave behind (dry run by default; --yes removes). */
export function registerCleanCommand(program: Command, ctx: CommandContext): void {
  program
    .command('clean')
    .description("remove finished runs' step branches and worktrees, and what an interrupted run creation left; a dry run unless --yes")
    .option('--repo <dir>', 'the git repository', '.')
    .option('--run <run_id>', 'only this run (repeatable; a unique prefix will do)', collect, [])
    .option('-y, --yes', 'remove them (without it, only list what would be removed)')
    .addHelpText('after', `\nRun branches (uet/run/<run_id>) of runs that have a log are kept: they hold the results.\nA run that is running, stopped or paused keeps everything (uet resume needs it).\n${exitCodesHelp('clean')}`)
    .action(async (o: { repo?: string; run: string[]; yes?: boolean }) => {
      const repoRoot = await findRepoRoot(ctx.io, o.repo);
      const store = createFileEventStore(repoRoot);
      const commonDir = await gitCommonDir(repoRoot);
      const dirs = (await readdir(uetRunsDir(repoRoot)).catch(() => [] as string[])).sort();
      const only = new Set(o.run.map((id) => resolveRunId(id, dirs, repoRoot)));
      const runBranches = (await listRefs(repoRoot, 'refs/heads/uet/run/')).map((r) => r.ref);
      const facts: CleanRunFacts[] = [];
      for (const runId of dirs) {
        if (only.size && !only.has(runId)) continue;
        const events = await store.read(runId).catch(() => []);
        const driven = (await store.readDriver(runId)) !== undefined;
        facts.push({
          runId,
          ...(events.length ? { status: fold(events).status } : {}),
          driven,
          stepBranches: (await listRefs(repoRoot, stepRefsPrefix(runId))).map((r) => r.ref),
          worktrees: await listRunWorktrees(repoRoot, commonDir, runId),
        });
      }
      const plan = planClean(facts, only.size ? runBranches.filter((b) => only.has(b.slice(b.lastIndexOf('/') + 1))) : runBranches, (id) => runDir(repoRoot, id));
      for (const k of plan.keep) ctx.io.stdout(`keep   run ${k.runId}: ${k.why}\n`);
      if (!plan.remove.length) {
        ctx.io.stdout(`nothing to clean in ${repoRoot}\n`);
        return;
      }
      const verb = o.yes ? 'remove' : 'would remove';
      for (const item of plan.remove)
        ctx.io.stdout(`${verb} ${LABEL[item.kind]} ${item.target.replace(/^refs\/heads\//, '')}${'why' in item ? ` (${item.why})` : ''}\n`);
      if (!o.yes) {
        ctx.io.stdout(`dry run: ${plural(plan.remove.length, 'item')} would be removed; run \`uet clean --yes\` to remove them\n`);
        return;
      }
      const refs = await listRefs(repoRoot, 'refs/heads/uet/');
      const at = new Map(refs.map((r) => [r.ref, r.commit]));
      const branches = plan.remove.filter((i) => i.kind === 'step_branch' || i.kind === 'run_branch').map((i) => ({ ref: i.target, commit: at.get(i.target)! }));
      for (const runId of new Set(plan.remove.filter((i) => i.kind === 'worktree').map((i) => i.runId))) await cleanupRun(repoRoot, runId);
      await deleteRefs(repoRoot, branches.filter((b) => b.commit !== undefined));
      for (const item of plan.remove.filter((i) => i.kind === 'run_dir')) await rm(item.target, { recursive: true, force: true });
      ctx.io.stdout(`removed ${plural(plan.remove.length, 'item')}\n`);
    });
}
