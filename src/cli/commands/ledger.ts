import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { readCommitConfigArgs } from '../../adapters/git/commit-identity.js';
import { gitCommonDir, gitVersion } from '../../adapters/git/repo-queries.js';
import { createPatchContext } from '../../adapters/patch/create-patch-context.js';
import { assertPatchId } from '../../adapters/patch/ledger-paths.js';
import { rollbackPatch } from '../../adapters/patch/rollback-patch.js';
import { createFileEventStore } from '../../adapters/store/file-event-store.js';
import { createSystemClock } from '../../adapters/system-clock.js';
import { createUlidSource } from '../../adapters/ulid-source.js';
import { UsageError } from '../../core/errors.js';
import { LEDGER_TRANSITIONS, renderLedgerEntry, renderLedgerTable, type LedgerState } from '../../core/patch/index.js';
import { fold, type EventBody, type RunEvent } from '../../core/run/index.js';
import type { CommandContext } from '../cli-context.js';
import { exitCodes } from '../exit-codes.js';
import { findRepoRoot } from '../local/open-run.js';
import { recoverDeadDriver } from '../local/recover-dead-driver.js';

const parseState = (v: string): LedgerState => {
  if (!(v in LEDGER_TRANSITIONS)) throw new InvalidArgumentError(`expected one of ${Object.keys(LEDGER_TRANSITIONS).join(', ')}`);
  return v as LedgerState;
};

async function openLedger(ctx: CommandContext, repo: string | undefined) {
  const root = await findRepoRoot(ctx.io, repo);
  const clock = createSystemClock();
  return { root, clock, patches: createPatchContext(root, { clock, ids: createUlidSource(clock) }) };
}

/** Appends patch events to a run's log (the caller holds the run's lock); a run without a local log is left alone. */
async function appendToRun(root: string, runId: string, bodies: readonly EventBody[], clock: { now(): number }): Promise<void> {
  const store = createFileEventStore(root);
  const events = await store.read(runId);
  if (!events.length || !bodies.length) return;
  const state = fold(events);
  const ids = createUlidSource(clock);
  const ts = new Date(clock.now()).toISOString();
  await store.append(runId, bodies.map((b, i): RunEvent => ({ event_id: ids.newId(), run_id: runId, seq: state.seq + 1 + i, ts, ...b })));
}

/** `uet ledger list|show|rollback`: the patch ledger of a repository (.uet/ledger/). */
export function registerLedgerCommand(program: Command, ctx: CommandContext): void {
  const ledger = program.command('ledger').description('the patch ledger: every patch a run made, its state, checks and history');
  ledger
    .command('list')
    .description('list ledger entries, oldest first')
    .option('--run <run_id>', 'only the patches of this run')
    .option('--state <state>', 'only patches in this state', parseState)
    .option('--repo <dir>', 'the git repository', '.')
    .option('--json', 'print the ledger entries as a JSON array')
    .action(async (o: { run?: string; state?: LedgerState; repo?: string; json?: boolean }) => {
      const { patches } = await openLedger(ctx, o.repo);
      const entries = await patches.store.list({ ...(o.run !== undefined ? { runId: o.run } : {}), ...(o.state !== undefined ? { state: o.state } : {}) });
      if (o.json) {
        ctx.io.stdout(`${JSON.stringify(entries, null, 2)}\n`);
        return;
      }
      const rows = await Promise.all(entries.map(async (entry) => ({ entry, artifact: await patches.store.readArtifact(entry.patch_id).catch(() => null) })));
      ctx.io.stdout(renderLedgerTable(rows));
    });
  ledger
    .command('show')
    .description('show a patch: its state history, checks and violations, quarantine, applications, and its diff')
    .argument('<patch_id>', 'the patch (see `uet ledger list`)')
    .option('--repo <dir>', 'the git repository', '.')
    .option('--json', 'print {ledger_entry, artifact} as JSON')
    .action(async (patchId: string, o: { repo?: string; json?: boolean }) => {
      const { patches } = await openLedger(ctx, o.repo);
      const entry = await patches.store.read(assertPatchId(patchId));
      if (!entry) throw new UsageError(`unknown patch ${patchId} (see \`uet ledger list\`)`);
      const artifact = await patches.store.readArtifact(patchId).catch(() => null);
      if (o.json) {
        ctx.io.stdout(`${JSON.stringify({ ledger_entry: entry, artifact }, null, 2)}\n`);
        return;
      }
      ctx.io.stdout(renderLedgerEntry(entry, artifact, artifact?.diff_text ?? null));
    });
  ledger
    .command('rollback')
    .description('revert a committed patch on its run branch with a new commit (the checkout is not touched); the revert gets its own ledger entry')
    .argument('<patch_id>', 'the committed patch to revert')
    .option('--repo <dir>', 'the git repository', '.')
    .option('--json', 'print the rollback ledger entry as JSON')
    .addHelpText('after', '\nExit codes: 0 rolled back, 1 the revert conflicts with later changes, 2 bad input (unknown patch, not committed, run in progress).')
    .action(async (patchId: string, o: { repo?: string; json?: boolean }) => {
      const { root, clock, patches } = await openLedger(ctx, o.repo);
      const entry = await patches.store.read(assertPatchId(patchId));
      if (!entry) throw new UsageError(`unknown patch ${patchId} (see \`uet ledger list\`)`);
      const store = createFileEventStore(root);
      const lock = await store.acquireRunLock(entry.run_id);
      try {
        await recoverDeadDriver(ctx.io, store, root, entry.run_id, lock);
        const [commonDir, configArgs, [major, minor]] = await Promise.all([gitCommonDir(root), readCommitConfigArgs(root), gitVersion(root)]);
        const r = await rollbackPatch({ patches, commonDir, configArgs, mergeBaseOption: major > 2 || (major === 2 && minor >= 40), patchId });
        await appendToRun(root, entry.run_id, r.events, clock);
        if (o.json) ctx.io.stdout(`${JSON.stringify(r.outcome.entry, null, 2)}\n`);
        if (r.outcome.status === 'committed') {
          if (!o.json) ctx.io.stdout(`patch ${patchId} rolled back by patch ${r.outcome.entry.patch_id}: commit ${r.outcome.commit} on uet/run/${entry.run_id}\n`);
          return;
        }
        ctx.io.stderr(`uet: the rollback of patch ${patchId} was ${r.outcome.status}: ${r.outcome.message ?? ''}\n`);
        ctx.setExitCode(exitCodes.failed);
      } finally {
        await lock.release();
      }
    });
}
