import type { Command } from 'commander';
import { resolve } from 'node:path';
import { prepareLocalRun } from '../../adapters/executor/prepare-local-run.js';
import { initRepo } from '../../adapters/git/init-repo.js';
import { statusPorcelain } from '../../adapters/git/repo-queries.js';
import { createFileEventStore } from '../../adapters/store/file-event-store.js';
import { createSystemClock } from '../../adapters/system-clock.js';
import { createUlidSource } from '../../adapters/ulid-source.js';
import { buildRunCreated } from '../../core/run/index.js';
import type { CommandContext } from '../cli-context.js';
import { loadBundle } from '../load-bundle.js';
import { driveLocalRun } from '../local/drive-local-run.js';
import { readToolSetup } from '../local/read-tool-setup.js';
import { collect, parsePositiveInt } from '../options.js';

interface RunOptions {
  repo?: string;
  maxParallel?: number;
  skipWorkstream: string[];
  keepWorktrees?: boolean;
  json?: boolean;
  init?: boolean;
}

/** `uet run <bundle>`: plan and run a bundle on a local git repository. */
/**
 * The paths `git status --porcelain=v1 -z` lists (a rename's old path skipped), but for uet's own files under .uet/
 * (its configuration is read from the checkout; its runs and ledger are excluded).
 */
function uncommittedPaths(porcelain: string): string[] {
  const tokens = porcelain.split('\0');
  const paths: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.length < 4) continue;
    if (t[0] === 'R' || t[0] === 'C') i++; // the next token is the old path
    const path = t.slice(3);
    if (!path.startsWith('.uet/')) paths.push(path);
  }
  return paths;
}

export function registerRunCommand(program: Command, ctx: CommandContext): void {
  program
    .command('run')
    .description(
      'run a workstream bundle on a local git repository (each step in its own worktree, results on uet/run/<run_id>)',
    )
    .argument('<bundle>', 'the bundle (.json, .yaml or .yml)')
    .option('--repo <dir>', 'the git repository to work on', '.')
    .option('--max-parallel <n>', 'most steps running at once (overrides the bundle)', parsePositiveInt)
    .option(
      '--skip-workstream <ws_id>',
      'skip a workstream (repeatable); its dependents follow the bundle rule',
      collect,
      [],
    )
    .option(
      '--init',
      'if --repo is an empty directory (or a repository without commits), set it up with an initial commit',
    )
    .option('--keep-worktrees', 'keep each step worktree after it finishes')
    .option('--json', 'print the final run_record as JSON instead of progress')
    .addHelpText(
      'after',
      '\nExit codes: 0 succeeded, 1 failed, 2 bad input, 3 paused (budget or escalation), 130 interrupted (resumable).',
    )
    .action(async (bundlePath: string, o: RunOptions) => {
      const { bundle } = await loadBundle(bundlePath, ctx.io.cwd, o.maxParallel);
      const clock = createSystemClock();
      const ids = createUlidSource(clock);
      const runId = ids.newId();
      const options = {
        ...(o.maxParallel !== undefined ? { max_parallel: o.maxParallel } : {}),
        skip_workstreams: o.skipWorkstream,
      };
      const origin = { kind: 'cli' as const, ...(ctx.io.env.USER ? { actor: ctx.io.env.USER } : {}) };
      // Everything that can be refused is checked before anything is written.
      buildRunCreated(
        runId,
        { bundle, options, origin, source: bundlePath },
        new Date(clock.now()).toISOString(),
        runId,
      );
      const repoDir = resolve(ctx.io.cwd, o.repo ?? '.');
      if (o.init) await initRepo(repoDir);
      const tooling = await readToolSetup(ctx.io, repoDir); // router_config and tools: recorded for resume
      const local = await prepareLocalRun(repoDir, runId);
      const uncommitted = uncommittedPaths(await statusPorcelain(local.repoRoot));
      if (uncommitted.length)
        ctx.io.stderr(
          `uet: note: ${uncommitted.length} uncommitted change(s) in ${local.repoRoot} (${uncommitted.slice(0, 3).join(', ')}${uncommitted.length > 3 ? ', …' : ''}) are not part of the run: it starts at HEAD (${local.baseCommit.slice(0, 12)}); commit them first to include them\n`,
        );
      const store = createFileEventStore(local.repoRoot);
      const lock = await store.acquireRunLock(runId);
      try {
        const created = buildRunCreated(
          runId,
          {
            bundle,
            options: {
              ...options,
              ...tooling?.options,
              repo: local.repoRoot,
              base_commit: local.baseCommit,
              run_branch: local.runBranch,
            },
            origin,
          },
          new Date(clock.now()).toISOString(),
          ids.newId(),
        );
        await store.append(runId, [created]);
        if (!o.json)
          ctx.io.stdout(
            `run ${runId}: ${bundle.bundle_name ?? bundle.bundle_id} on ${local.repoRoot} (branch ${local.runBranch})\n${tooling?.note ?? ''}`,
          );
        ctx.setExitCode(
          await driveLocalRun(ctx, {
            repoRoot: local.repoRoot,
            runId,
            store,
            baseCommit: local.baseCommit,
            keepWorktrees: o.keepWorktrees === true,
            json: o.json === true,
          }),
        );
      } finally {
        await lock.release();
      }
    });
}
