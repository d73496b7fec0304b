import { stat } from 'node:fs/promises';
import path from 'node:path';
import { runGit } from '../git/run-git.js';

/** The user's checkout as UET must leave it: HEAD, branch and `git status`. */
export interface CheckoutSnapshot {
  readonly head: string | null;
  readonly branch: string | null;
  /** The status entries (porcelain v2, without the branch headers). */
  readonly status: string;
  /** Size and mtime of the (first 1000) paths `git status` lists: catches edits to files that were already dirty. */
  readonly dirtyStamps: string;
}

const MAX_STAMPED = 1000;
/** Fields before the path in porcelain v2 entries: ordinary (1), renamed/copied (2), unmerged (u), untracked (?). */
const FIELDS_BEFORE_PATH: Record<string, number> = { '1': 8, '2': 9, u: 10, '?': 1, '!': 1 };

/** One `git status --porcelain=v2 --branch` call (without optional locks: never blocks the user's git). */
export async function readCheckoutSnapshot(repoDir: string): Promise<CheckoutSnapshot> {
  const r = await runGit(repoDir, [
    '--no-optional-locks',
    'status',
    '--porcelain=v2',
    '--branch',
    '-z',
    '--untracked-files=all',
  ]);
  let head: string | null = null;
  let branch: string | null = null;
  const entries: string[] = [];
  const paths: string[] = [];
  const records = r.stdout.split('\0');
  for (let i = 0; i < records.length; i++) {
    const rec = records[i]!;
    if (rec.startsWith('# branch.oid ')) head = rec.slice(13) === '(initial)' ? null : rec.slice(13);
    else if (rec.startsWith('# branch.head ')) branch = rec.slice(14) === '(detached)' ? null : rec.slice(14);
    else if (rec && !rec.startsWith('#')) {
      entries.push(rec);
      const skip = FIELDS_BEFORE_PATH[rec[0]!] ?? 0;
      if (paths.length < MAX_STAMPED) paths.push(rec.split(' ').slice(skip).join(' '));
      if (rec[0] === '2') entries.push(records[++i] ?? ''); // the original path of a rename or copy
    }
  }
  const stamps = await Promise.all(
    paths.map((p) =>
      stat(path.join(repoDir, p)).then(
        (s) => `${p}:${s.size}:${s.mtimeMs}`,
        () => `${p}:-`,
      ),
    ),
  );
  return { head, branch, status: entries.join('\0'), dirtyStamps: stamps.join('\n') };
}

/** A sentence describing what changed, or null when nothing did. Pure. */
export function describeCheckoutChange(before: CheckoutSnapshot, after: CheckoutSnapshot): string | null {
  const changes: string[] = [];
  if (before.branch !== after.branch)
    changes.push(`branch ${before.branch ?? '(detached)'} -> ${after.branch ?? '(detached)'}`);
  if (before.head !== after.head)
    changes.push(`HEAD ${before.head?.slice(0, 12) ?? '(none)'} -> ${after.head?.slice(0, 12) ?? '(none)'}`);
  if (before.status !== after.status) changes.push('git status changed');
  else if (before.dirtyStamps !== after.dirtyStamps) changes.push('modified or untracked files were edited');
  return changes.length ? changes.join(', ') : null;
}
