import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { runGit } from '../git/run-git.js';

export type Materialized =
  | { readonly ok: true; readonly commit: string }
  | { readonly ok: false; readonly message: string };

export interface MaterializeSpec {
  readonly root: string;
  readonly commonDir: string;
  readonly base: string;
  readonly diffText: string;
  readonly message: string;
  readonly configArgs: readonly string[];
}

/**
 * Turns a diff into a commit on top of its base without touching any checkout: `git apply --cached` into a
 * temporary index read from the base, `write-tree`, and `commit-tree` with the base as parent. The reference path
 * (binary patches, anything the in-process applier declines). Fails with git's explanation when the diff does not
 * apply to its base. The commit is reachable from no ref: what git wrote is read back and judged
 * (readWrittenChanges) before anything points at it.
 */
export async function applyWithGit(s: MaterializeSpec): Promise<Materialized> {
  const index = path.join(s.commonDir, 'uet', `index-${process.pid}-${randomBytes(6).toString('hex')}`);
  const env = { GIT_INDEX_FILE: index };
  await mkdir(path.dirname(index), { recursive: true });
  try {
    await runGit(s.root, ['read-tree', s.base], { env });
    const applied = await runGit(s.root, ['apply', '--cached', '--binary', '--whitespace=nowarn', '-'], { env, input: s.diffText, okCodes: [0, 1, 128] });
    if (applied.code !== 0) return { ok: false, message: applied.stderr.trim().split('\n').slice(0, 5).join('; ') || 'git apply failed' };
    const tree = (await runGit(s.root, ['write-tree'], { env })).stdout.trim();
    const commit = (await runGit(s.root, [...s.configArgs, 'commit-tree', tree, '-p', s.base, '-F', '-'], { input: s.message })).stdout.trim();
    return { ok: true, commit };
  } finally {
    await rm(index, { force: true });
    await rm(`${index}.lock`, { force: true });
  }
}
