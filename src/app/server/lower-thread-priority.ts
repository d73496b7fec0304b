import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

export type PriorityChange =
  | { readonly ok: true; readonly from: number; readonly to: number }
  | { readonly ok: false; readonly reason: string };

/** The largest nice value: the lowest priority. */
const LOWEST = 19;

/**
 * Lowers the scheduling priority of the calling thread alone by `by` nice steps (Linux, where the nice value is per
 * thread: setpriority on the thread id, read from /proc/thread-self). The app's worker thread calls it, so that
 * when the cores are busy the HTTP front on the main thread is scheduled before the handlers' work: an
 * acknowledgement then waits for CPU behind other processes only, not behind its own app. Raising it back needs
 * no privilege. Elsewhere (no /proc/thread-self) nothing changes and the reason is returned.
 */
export function lowerThreadPriority(by: number): PriorityChange {
  if (by <= 0) return { ok: false, reason: 'not asked' };
  let tid: number;
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return { ok: false, reason: 'per-thread priorities need Linux (/proc/thread-self)' };
  }
  if (!Number.isInteger(tid) || tid <= 0) return { ok: false, reason: 'no thread id in /proc/thread-self' };
  try {
    const from = getPriority(tid);
    const to = Math.min(LOWEST, from + by);
    setPriority(tid, to);
    return { ok: true, from, to };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
