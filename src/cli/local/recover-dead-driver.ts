import { recoverRunGitLocks } from '../../adapters/git/recover-run-git-locks.js';
import type { FileEventStore } from '../../adapters/store/file-event-store.js';
import type { RunLock } from '../../adapters/store/run-lock.js';
import { createSystemClock } from '../../adapters/system-clock.js';
import { createUlidSource } from '../../adapters/ulid-source.js';
import { fold, type RunEvent } from '../../core/run/index.js';
import type { CliIo } from '../cli-context.js';

/**
 * Call right after taking the run's lock. When it was taken over from a driver that died (`lock.takenOver`), removes
 * the git lock files that driver left behind (recoverRunGitLocks), records one git_lock_recovered event per file,
 * and says so on stderr. Returns the run's log as it is now, read under the lock (empty when the run has no local log:
 * then nothing is touched).
 */
export async function recoverDeadDriver(
  io: CliIo,
  store: FileEventStore,
  repoRoot: string,
  runId: string,
  lock: RunLock,
): Promise<RunEvent[]> {
  const log = await store.read(runId);
  if (!lock.takenOver || !log.length) return log;
  const state = fold(log);
  const pid = lock.takenOver.holder?.pid ?? null;
  const recovered = await recoverRunGitLocks(repoRoot, runId, state.options, pid);
  if (!recovered.length) return log;
  const clock = createSystemClock();
  const ids = createUlidSource(clock);
  const ts = new Date(clock.now()).toISOString();
  const events = recovered.map((data, i): RunEvent => ({ event_id: ids.newId(), run_id: runId, seq: state.seq + 1 + i, ts, type: 'git_lock_recovered', data }));
  await store.append(runId, events);
  const who = pid === null ? 'a uet process' : `pid ${pid}`;
  for (const r of recovered)
    io.stderr(`uet: recovered: stale git lock ${r.path} (${r.ref ?? r.worktree ?? 'temporary index'}), left by ${who}, which died driving run ${runId}\n`);
  return [...log, ...events];
}
