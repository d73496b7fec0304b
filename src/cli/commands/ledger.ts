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
import { exitCodes, exitCodesHelp } from '../exit-codes.js';
import { findRepoRoot, resolveIdPrefix, resolveRunId } from '../local/open-run.js';
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

type Patches = Awaited<ReturnType<typeof openLedger>>['patches'];

/** The runs a repository knows: those with a local log, and those with patches in its ledger. */
async function knownRuns(root: string, patches: Patches): Promise<string[]> {
  const local = await createFileEventStore(root).listRuns();
  const inLedger = (await patches.store.list({})).map((e) => e.run_id);
  return [...new Set([...local, ...inLedger])].sort();
}

/** The full id of a patch given by its id or a unique prefix of it (any case), like run ids. */
async function resolvePatchId(root: string, patches: Patches, given: string): Promise<string> {
  const ids = (await patches.store.list({})).map((e) => e.patch_id);
  return assertPatchId(resolveIdPrefix('patch', given, ids, root, 'uet ledger list'));
}

/** `uet ledger list|show|rollback`: the patch ledger of a repository (.uet/ledger/). */
export function registerLedgerCommand(program: Command, ctx: CommandContext): void {
  const ledger = program.command('ledger').description('the patch ledger: every patch a run made, its state, checks and history').addHelpText('after', exitCodesHelp('ledger'));
  ledger
    .command('list')
    .description('list ledger entries, oldest first')
    .option('--run <run_id>', 'only the patches of this run')
    .option('--state <state>', 'only patches in this state', parseState)
    .option('--repo <dir>', 'the git repository', '.')
    .option('--json', 'print the ledger entries as a JSON array')
    .addHelpText('after', exitCodesHelp('ledger'))
    .action(async (o: { run?: string; state?: LedgerState; repo?: string; json?: boolean }) => {
      const { root, patches } = await openLedger(ctx, o.repo);
      // A run is named like everywhere else (a unique prefix will do); one the repository does not know is an error.
      const runId = o.run === undefined ? undefined : resolveRunId(o.run, await knownRuns(root, patches), root);
      const entries = await patches.store.list({ ...(runId !== undefined ? { runId } : {}), ...(o.state !== undefined ? { state: o.state } : {}) });
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
    .argument('<patch_id>', 'the patch (see `uet ledger list`; a unique prefix will do)')
    .addHelpText('after', exitCodesHelp('ledger'))
    .option('--repo <dir>', 'the git repository', '.')
    .option('--json', 'print {ledger_entry, artifact} as JSON')
    .action(async (patchId: string, o: { repo?: string; json?: boolean }) => {
      const { root, patches } = await openLedger(ctx, o.repo);
      const id = await resolvePatchId(root, patches, patchId);
      const entry = await patches.store.read(id);
      if (!entry) throw new UsageError(`unknown patch ${patchId} (see \`uet ledger list\`)`);
      const artifact = await patches.store.readArtifact(id).catch(() => null);
      if (o.json) {
        ctx.io.stdout(`${JSON.stringify({ ledger_entry: entry, artifact }, null, 2)}\n`);
        return;
      }
      ctx.io.stdout(renderLedgerEntry(entry, artifact, artifact?.diff_text ?? null));
    });
  ledger
    .command('rollback')
    .description('revert a committed patch on its run branch with a new commit (the checkout is not touched); the revert gets its own ledger entry')
    .argument('<patch_id>', 'the committed patch to revert (a unique prefix will do)')
    .option('--repo <dir>', 'the git repository', '.')
    .option('--json', 'print the rollback ledger entry as JSON')
    .addHelpText('after', `\nExit codes:\n  0    rolled back\n  1    the revert conflicts with later changes\n  2    bad input (unknown patch, not committed, run in progress)\n`)
    .action(async (given: string, o: { repo?: string; json?: boolean }) => {
      let patchId = given;
      const { root, clock, patches } = await openLedger(ctx, o.repo);
      patchId = await resolvePatchId(root, patches, patchId);
      const entry = await patches.store.read(patchId);
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
