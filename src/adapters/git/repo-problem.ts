import { stat } from 'node:fs/promises';
import { GitError } from './git-error.js';
import { runGit } from './run-git.js';

const DUBIOUS = /detected dubious ownership in repository at '([^']*)'/;

/**
 * Why `dir` cannot be used as a git working tree, in the words every command uses (run, plan, status, runs, logs,
 * cancel, clean), or undefined when it can: no such directory, not a directory, git refusing a repository owned by
 * another user (with the command that trusts it), a bare repository, not a git repository, git missing.
 */
export async function findRepoProblem(dir: string): Promise<string | undefined> {
  return (await classifyRepoDir(dir))?.message;
}

export type RepoProblemKind = 'missing' | 'not_directory' | 'no_git' | 'dubious_ownership' | 'bare' | 'not_repository';

/** findRepoProblem with the kind of problem, for a command that works outside a repository too (`uet plan`). */
export async function classifyRepoDir(dir: string): Promise<{ kind: RepoProblemKind; message: string } | undefined> {
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => null,
  );
  if (isDir === null) return { kind: 'missing', message: `${dir}: no such directory` };
  if (!isDir) return { kind: 'not_directory', message: `${dir}: not a directory` };
  let out = '';
  let err: string;
  try {
    const r = await runGit(dir, ['rev-parse', '--is-inside-work-tree'], { okCodes: [0, 128] });
    if (r.code === 0 && r.stdout.trim() === 'true') return undefined;
    out = r.stdout.trim();
    err = r.stderr;
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    if (e.exitCode === null) return { kind: 'no_git', message: 'git is not installed or not on PATH; UET needs git 2.38 or newer' };
    err = e.stderr;
  }
  const dubious = DUBIOUS.exec(err);
  if (dubious)
    return {
      kind: 'dubious_ownership',
      message: `${dir}: git refuses this repository: it belongs to another user (git: "detected dubious ownership"); if you trust it, run \`git config --global --add safe.directory ${dubious[1]}\``,
    };
  if (out === 'false') return { kind: 'bare', message: `${dir}: not a work tree (a bare repository or a .git directory)` };
  return { kind: 'not_repository', message: `${dir}: not a git repository (run \`git init\` and commit first)` };
}
