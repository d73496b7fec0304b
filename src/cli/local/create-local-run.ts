import { constants } from 'node:fs';
import { access, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { checkLocalRepo } from '../../adapters/executor/prepare-local-run.js';
import { ensureUetExcluded } from '../../adapters/git/ensure-uet-excluded.js';
import { revParse } from '../../adapters/git/repo-queries.js';
import { createRunBranch, runBranchRef } from '../../adapters/git/run-branches.js';
import { deleteRefs } from '../../adapters/git/uet-refs.js';
import { createFileEventStore, type FileEventStore } from '../../adapters/store/file-event-store.js';
import type { RunLock } from '../../adapters/store/run-lock.js';
import { runDir } from '../../adapters/uet-paths.js';
import { UetError, UsageError } from '../../core/errors.js';
import type { RunEvent } from '../../core/run/index.js';
import { asWriteError } from '../write-error.js';

export interface LocalRunPlace {
  readonly repoRoot: string;
  readonly runBranch: string;
  readonly baseCommit: string;
}

export interface CreatedLocalRun extends LocalRunPlace {
  readonly store: FileEventStore;
  readonly lock: RunLock;
  /** Removes everything the creation wrote: the log, the lock and the run branch (interrupted before it started). */
  discard(): Promise<void>;
}

/** Why `uet/run/<id>` could not be created, when it does not exist (a read-only repository, say). */
async function branchRefused(e: unknown, repoRoot: string, runId: string): Promise<unknown> {
  if (!(e instanceof UsageError) || (await revParse(repoRoot, runBranchRef(runId))) !== null) return e;
  const detail = /\(([^]*)\)$/.exec(e.message)?.[1] ?? e.message;
  const why = /permission denied|read-only file system|unable to create/i.test(detail) ? 'permission denied' : detail;
  return new UsageError(`${repoRoot}: cannot create the run branch uet/run/${runId}: ${why} (${detail})`);
}

/**
 * Creates a local run in order, so that no state is ever orphaned: the repository is checked without writing, then
 * the run's directory and lock, the run branch at HEAD, and the run_created event last (what `uet runs` lists).
 * Anything that fails on the way undoes what came before it; `discard` undoes the whole (for an interrupt that
 * arrived meanwhile: see holdStopSignals). A file the repository does not let uet write is exit 2 with its path.
 */
export async function createLocalRun(
  repoDir: string,
  runId: string,
  created: (place: LocalRunPlace) => RunEvent,
): Promise<CreatedLocalRun> {
  const { repoRoot } = await checkLocalRepo(repoDir);
  const store = createFileEventStore(repoRoot);
  const dir = runDir(repoRoot, runId);
  // The run's log goes under .uet/runs/ of the checkout: a repository uet may not write is refused up front, with the
  // real cause (a recursive mkdir reports a read-only file system as ENOENT).
  const uetDir = join(repoRoot, '.uet');
  const writable = (await stat(uetDir).then(() => true, () => false)) ? uetDir : repoRoot;
  await access(writable, constants.W_OK).catch((e: unknown) => {
    throw asWriteError(e, writable);
  });
  const lock = await store.acquireRunLock(runId).catch((e: unknown) => {
    throw asWriteError(e, dir);
  });
  let branch: { ref: string; commit: string } | undefined;
  const discard = async () => {
    if (branch) await deleteRefs(repoRoot, [branch]).catch(() => undefined);
    await lock.release();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const made = await createRunBranch(repoRoot, runId).catch(async (e: unknown) => {
      throw await branchRefused(e, repoRoot, runId);
    });
    branch = { ref: runBranchRef(runId), commit: made.baseCommit };
    const place = { repoRoot, runBranch: made.runBranch, baseCommit: made.baseCommit };
    await ensureUetExcluded(repoRoot).catch((e: unknown) => {
      throw asWriteError(e, `${repoRoot}/.git/info/exclude`);
    });
    await store.append(runId, [created(place)]).catch((e: unknown) => {
      throw e instanceof UetError ? e : asWriteError(e, `${dir}/events.jsonl`);
    });
    return { ...place, store, lock, discard };
  } catch (e) {
    await discard();
    throw e;
  }
}
