import { chainIdOf, reconcileCommitted } from '../../core/patch/index.js';
import type { EventBody } from '../../core/run/events.js';
import { runGit } from '../git/run-git.js';
import type { PatchContext } from './create-patch-context.js';
import { isPatchId } from './ledger-paths.js';

/** The UET-Patch trailer of a commit, if it has a valid one. */
export async function readPatchTrailer(root: string, commit: string): Promise<string | undefined> {
  const r = await runGit(root, ['log', '-1', '--format=%(trailers:key=UET-Patch,valueonly,separator=%x1d)', commit, '--']);
  const id = r.stdout.trim().split('\x1d')[0]?.trim();
  return isPatchId(id) ? id : undefined;
}

/**
 * Resume after a crash between the ledger write and the run log: the step's commit is on the run branch (found by
 * its trailers), so its patch, named by the commit's UET-Patch trailer, is moved on to committed in the ledger
 * without being applied again, and the other unfinished patches of its chain are dropped. Returns the patch id (for
 * step_succeeded) and the patch_* events of what changed.
 */
export async function reconcileStepPatch(
  patches: PatchContext,
  runId: string,
  stepId: string,
  commit: string,
): Promise<{ patchId?: string; events: EventBody[] }> {
  const patchId = await readPatchTrailer(patches.root, commit);
  if (patchId === undefined) return { events: [] };
  const runLedger = await patches.runLedger(runId);
  const entry = runLedger.get(patchId) ?? (await patches.store.read(patchId));
  if (!entry) return { patchId, events: [] };
  const ports = { ledger: patches.store, clock: patches.clock, runLedger };
  const events = await reconcileCommitted(ports, entry, commit, runLedger.chain(chainIdOf(runId, stepId)));
  return { patchId, events };
}
