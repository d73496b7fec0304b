import { readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileEventStore } from '../../adapters/store/file-event-store.js';
import { isPidAlive } from '../../adapters/store/run-lock.js';
import type { Clock, IdSource } from '../../core/ports.js';
import { driveRun, fold, type RunState } from '../../core/run/index.js';
import type { Executor } from '../../core/ports.js';
import { runDir } from '../../adapters/uet-paths.js';

/**
 * `uet cancel --force` leaves this file in the run's directory before it interrupts the driver, so that the driver
 * knows the interrupt is a cancel: it then ends the run as canceled itself (it holds the lock) and says so.
 */
const CANCEL_REQUEST = 'cancel-request.json';

export interface CancelRequest {
  readonly pid: number;
  readonly by?: string;
}

export async function writeCancelRequest(repoRoot: string, runId: string, request: CancelRequest): Promise<void> {
  await writeFile(join(runDir(repoRoot, runId), CANCEL_REQUEST), `${JSON.stringify(request)}\n`);
}

/** The pending cancel request of a run, when its `uet cancel` process still lives (else a leftover: ignored). */
export function readCancelRequest(repoRoot: string, runId: string): CancelRequest | undefined {
  try {
    const r = JSON.parse(readFileSync(join(runDir(repoRoot, runId), CANCEL_REQUEST), 'utf8')) as Partial<CancelRequest>;
    return typeof r.pid === 'number' && isPidAlive(r.pid) ? { pid: r.pid, ...(typeof r.by === 'string' ? { by: r.by } : {}) } : undefined;
  } catch {
    return undefined;
  }
}

export function removeCancelRequest(repoRoot: string, runId: string): void {
  rmSync(join(runDir(repoRoot, runId), CANCEL_REQUEST), { force: true });
}

/**
 * Ends a run as canceled, under its lock: records run_cancel_requested and drives the run on, which skips every step
 * not done with cause canceled and completes it as canceled. Returns the final state.
 */
export async function cancelLocalRun(
  store: FileEventStore,
  runId: string,
  deps: { readonly executor: Executor; readonly clock: Clock; readonly ids: IdSource },
  by: string | undefined,
): Promise<RunState> {
  const state = fold(await store.read(runId));
  await store.append(runId, [
    {
      event_id: deps.ids.newId(),
      run_id: runId,
      seq: state.seq + 1,
      ts: new Date(deps.clock.now()).toISOString(),
      type: 'run_cancel_requested',
      data: { ...(by ? { by } : {}), reason: 'uet cancel' },
    },
  ]);
  return driveRun(runId, { store, ...deps });
}
