import { lstat, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { GitLockRecoveredData } from '../../core/run/events.js';

/** A file UET may remove because only a dead process of its own could hold it (see the callers for why). */
export type StaleLockCandidate = Omit<GitLockRecoveredData, 'holder_pid'>;

/**
 * How long a candidate must stay unchanged before it is removed. A lock a live git holds lives for milliseconds (a ref
 * update) and is renamed or deleted when git is done; a stale one never changes. This covers a git child that outlived
 * the driver that started it and is still finishing.
 */
export const LOCK_SETTLE_MS = 1_000;

/** The `.lock` file of a loose ref under `commonDir` (files backend), with the ref it guards. */
export const refLockCandidate = (commonDir: string, lockPath: string): StaleLockCandidate => ({
  path: lockPath,
  kind: 'ref',
  ref: path.relative(commonDir, lockPath).slice(0, -'.lock'.length).split(path.sep).join('/'),
});

/** `*.lock` regular files under `dir`, at any depth; symbolic links are neither followed nor listed. */
export async function listLockFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) found.push(...(await listLockFiles(p)));
    else if (e.isFile() && e.name.endsWith('.lock')) found.push(p);
  }
  return found;
}

const snapshot = (p: string) =>
  lstat(p).then(
    (s) => (s.isFile() ? { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs } : null),
    () => null,
  );

/** Removes one candidate if it is a regular file that stayed the same for `settleMs`; true when it was removed. */
async function removeIfSettled(file: string, settleMs: number): Promise<boolean> {
  const first = await snapshot(file);
  if (first === null) return false;
  const age = Date.now() - first.mtimeMs;
  if (age < settleMs) {
    await new Promise((r) => setTimeout(r, Math.min(settleMs, settleMs - age)));
    const again = await snapshot(file);
    if (again?.ino !== first.ino || again.size !== first.size || again.mtimeMs !== first.mtimeMs) return false;
  }
  return unlink(file).then(
    () => true,
    (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return false;
      throw e;
    },
  );
}

/** Removes the candidates that are stale (removeIfSettled), all at once; returns those removed, in the given order. */
export async function removeStaleLocks(
  candidates: readonly StaleLockCandidate[],
  settleMs = LOCK_SETTLE_MS,
): Promise<StaleLockCandidate[]> {
  const removed = await Promise.all(candidates.map((c) => removeIfSettled(c.path, settleMs)));
  return candidates.filter((_, i) => removed[i]);
}
