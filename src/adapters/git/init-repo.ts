import { mkdir, readdir, stat } from 'node:fs/promises';
import { UsageError } from '../../core/errors.js';
import { readCommitConfigArgs } from './commit-identity.js';
import { isGitRepo, revParse } from './repo-queries.js';
import { runGit } from './run-git.js';

const FS_ERRORS: Record<string, string> = {
  ENOTDIR: 'a parent of it is not a directory',
  EEXIST: 'a parent of it is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
};

const describeFsError = (e: unknown) => FS_ERRORS[(e as NodeJS.ErrnoException).code ?? ''] ?? (e as Error).message;

/**
 * For `uet run --init`: makes `dir` a git repository with an initial commit when it is a missing or empty
 * directory, or a repository without commits. A non-empty directory that is not a repository is refused.
 */
export async function initRepo(dir: string): Promise<void> {
  const existing = await stat(dir).catch(() => null);
  if (existing && !existing.isDirectory()) throw new UsageError(`${dir}: not a directory`);
  if (!existing)
    await mkdir(dir, { recursive: true }).catch((e: unknown) => {
      throw new UsageError(`${dir}: cannot create the directory: ${describeFsError(e)}`, { cause: e });
    });
  if (!(await isGitRepo(dir))) {
    const entries = await readdir(dir);
    if (entries.length) throw new UsageError(`${dir}: --init only sets up an empty directory, and this one has files but is not a git repository`);
    await runGit(dir, ['init', '-q']);
  }
  if ((await revParse(dir, 'HEAD')) !== null) return;
  const config = await readCommitConfigArgs(dir);
  await runGit(dir, [...config, 'commit', '-q', '--allow-empty', '-m', 'Initial commit (uet run --init)']);
}
