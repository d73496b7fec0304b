import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { initRepo } from '../../adapters/git/init-repo.js';
import { statusPorcelain } from '../../adapters/git/repo-queries.js';
import { createSystemClock } from '../../adapters/system-clock.js';
import { createUlidSource } from '../../adapters/ulid-source.js';
import { UsageError } from '../../core/errors.js';
import { runLockScope, type LockConflictPolicy } from '../../core/lock/index.js';
import { buildRunCreated } from '../../core/run/index.js';
import type { CommandContext } from '../cli-context.js';
import { exitCodes, exitCodesHelp, type ExitCode } from '../exit-codes.js';
import { loadBundle } from '../load-bundle.js';
import { assertRunnable, checkBundleTools } from '../local/check-run-tools.js';
import { createLocalRun } from '../local/create-local-run.js';
import { driveLocalRun } from '../local/drive-local-run.js';
import { holdScopeLock, type ScopeLock } from '../local/hold-scope-lock.js';
import { holdStopSignals } from '../local/hold-stop-signals.js';
import { readRepoPolicy } from '../local/read-repo-policy.js';
import { readToolSetup } from '../local/read-tool-setup.js';
import { plural } from '../render/format.js';
import { addOutputOptions, collect, parsePositiveInt, type OutputOptions } from '../options.js';

interface RunOptions extends OutputOptions {
  repo?: string;
  maxParallel?: number;
  skipWorkstream: string[];
  keepWorktrees?: boolean;
  keepStepBranches?: boolean;
  allowUnavailable?: boolean;
  init?: boolean;
  onLockConflict?: LockConflictPolicy;
}

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

/** `uet run <bundle>`: plan and run a bundle on a local git repository. */
export function registerRunCommand(program: Command, ctx: CommandContext): void {
  const command = program
    .command('run')
    .description(
      'run a workstream bundle on a local git repository (each step in its own worktree, results on uet/run/<run_id>)',
    )
    .argument('<bundle>', 'the bundle (.json, .yaml or .yml), or a phase (.uet/phases/<phase>.yaml)')
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
    .option('--allow-unavailable', 'start even if some steps have no usable tool here (they fail as tool_unavailable)')
    .addOption(
      new Option('--on-lock-conflict <what>', 'when a run on the same branch may write the same paths: wait for it, or refuse (default: locks.on_conflict of .github/uet.yml, else wait)').choices(['wait', 'refuse']),
    )
    .option('--keep-worktrees', 'keep each step worktree after it finishes')
    .option('--keep-step-branches', 'keep the uet/step/<run_id>/<step_id> branches once the run has ended');
  addOutputOptions(command)
    .addHelpText('after', exitCodesHelp('run'))
    .action(async (bundlePath: string, o: RunOptions) => {
      const { bundle, plan } = await loadBundle(bundlePath, ctx.io.cwd, o.maxParallel);
      const clock = createSystemClock();
      const ids = createUlidSource(clock);
      const runId = ids.newId();
      const options = {
        ...(o.maxParallel !== undefined ? { max_parallel: o.maxParallel } : {}),
        skip_workstreams: o.skipWorkstream,
      };
      const origin = { kind: 'cli' as const, ...(ctx.io.env.USER ? { actor: ctx.io.env.USER } : {}) };
      // Everything that can be refused is checked before anything is written.
      buildRunCreated(runId, { bundle, options, origin, source: bundlePath }, new Date(clock.now()).toISOString(), runId);
      const repoDir = resolve(ctx.io.cwd, o.repo ?? '.');
      if (o.init) await initRepo(repoDir);
      const tooling = await readToolSetup(ctx.io, repoDir); // router_config and tools: recorded for resume
      // The repository owner's policy (.github/uet.yml at HEAD): recorded, so every patch is held to it, as on GitHub.
      const repoPolicy = await readRepoPolicy(repoDir);
      assertRunnable(checkBundleTools(bundlePath, bundle, plan, tooling), o.allowUnavailable === true);
      // From here until the driver takes over, Ctrl-C is held: creation completes, then is undone (no orphan state).
      const held = holdStopSignals();
      let exit: Promise<ExitCode>;
      try {
        const run = await createLocalRun(repoDir, runId, (place) => {
          if (repoPolicy && repoPolicy.commit !== place.baseCommit)
            throw new UsageError(`${place.repoRoot}: HEAD moved while the run was created (${repoPolicy.commit.slice(0, 12)} -> ${place.baseCommit.slice(0, 12)}); run again`);
          return buildRunCreated(
            runId,
            {
              bundle,
              options: {
                ...options,
                ...tooling?.options,
                repo: place.repoRoot,
                base_commit: place.baseCommit,
                run_branch: place.runBranch,
                ...(repoPolicy?.policy ? { repo_policy: repoPolicy.policy } : {}),
              },
              origin,
            },
            new Date(clock.now()).toISOString(),
            ids.newId(),
          );
        });
        // Runs on this branch that may write the same paths never run at once (ADR 0024): wait for them, or refuse.
        let scopeLock: ScopeLock;
        try {
          scopeLock = await holdScopeLock(ctx.io, {
            repoRoot: run.repoRoot,
            runId,
            scope: runLockScope(plan),
            onConflict: o.onLockConflict ?? repoPolicy?.locks.on_conflict ?? 'wait',
            stopped: () => held.received() !== undefined,
            ...(ctx.io.env.UET_LOCK_POLL_MS ? { pollMs: Number(ctx.io.env.UET_LOCK_POLL_MS) } : {}),
          });
        } catch (error) {
          await run.discard();
          if (!held.received()) throw error;
          ctx.io.stderr(`uet: interrupted while run ${runId} waited for its lock; nothing was kept\n`);
          ctx.setExitCode(exitCodes.interrupted);
          return;
        }
        const uncommitted = uncommittedPaths(await statusPorcelain(run.repoRoot));
        if (held.received()) {
          await scopeLock.release();
          await run.discard();
          ctx.io.stderr(`uet: interrupted before run ${runId} started; nothing was kept\n`);
          ctx.setExitCode(exitCodes.interrupted);
          return;
        }
        if (uncommitted.length)
          ctx.io.stderr(
            `uet: note: ${plural(uncommitted.length, 'uncommitted change')} in ${run.repoRoot} (${uncommitted.slice(0, 3).join(', ')}${uncommitted.length > 3 ? ', …' : ''}) ${uncommitted.length === 1 ? 'is' : 'are'} not part of the run: it starts at HEAD (${run.baseCommit.slice(0, 12)}); commit ${uncommitted.length === 1 ? 'it' : 'them'} first to include ${uncommitted.length === 1 ? 'it' : 'them'}\n`,
          );
        if (!o.json && !o.quiet)
          ctx.io.stdout(
            `run ${runId}: ${bundle.bundle_name ?? bundle.bundle_id} on ${run.repoRoot} (branch ${run.runBranch})\n${tooling?.note ?? ''}`,
          );
        exit = driveLocalRun(ctx, {
          repoRoot: run.repoRoot,
          runId,
          store: run.store,
          baseCommit: run.baseCommit,
          keepWorktrees: o.keepWorktrees === true,
          keepStepBranches: o.keepStepBranches === true,
          json: o.json === true,
          quiet: o.quiet === true,
          progress: o.progress,
        }).finally(() => Promise.all([run.lock.release(), scopeLock.release()]));
      } finally {
        held.release(); // the driver has installed its own handlers (synchronously, in driveLocalRun)
      }
      ctx.setExitCode(await exit);
    });
}
