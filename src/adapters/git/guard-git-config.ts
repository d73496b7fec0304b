import { chmod, lstat, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runGit } from './run-git.js';

/** What a file was before repository code ran: its bytes and mode, or null when it did not exist. */
type Entry = { readonly data: Buffer; readonly mode: number } | null;
type Snapshot = Map<string, Entry>;

export interface GitConfigGuard {
  /**
   * Puts back every guarded file that changed since the guard was taken (a config that gained an fsmonitor, a filter
   * driver or a core.worktree; a hook; a .git file pointing elsewhere), and removes those that appeared. Returns
   * what was restored, relative to the worktree or the git directory, for a warning. Call it after repository code
   * ran and before UET's own git runs there again.
   */
  restore(): Promise<string[]>;
}

/** A regular file's bytes and mode; anything else in its place (a symlink, a directory) reads as different bytes. */
async function readOrNull(file: string): Promise<Entry> {
  const st = await lstat(file).catch(() => null);
  if (st === null) return null;
  if (!st.isFile()) return { data: Buffer.from(`\0not a regular file: ${st.mode}`), mode: st.mode };
  return { data: await readFile(file), mode: st.mode & 0o777 };
}

const same = (a: Entry, b: Entry) => (a === null || b === null ? a === b : a.mode === b.mode && a.data.equals(b.data));

/** The files of a directory (one level), or none. */
const filesIn = (dir: string) => readdir(dir).catch(() => [] as string[]);

/** Where git reads a worktree's configuration, attributes, hooks and its own location from. */
async function guardedFiles(worktree: string): Promise<{ files: string[]; hookDirs: string[] }> {
  const r = await runGit(worktree, ['rev-parse', '--path-format=absolute', '--git-dir', '--git-common-dir']);
  const [gitDir = '', commonDir = ''] = r.stdout.split('\n').map((l) => l.trim());
  const dotGit = path.join(worktree, '.git');
  const isFile = await lstat(dotGit).then((s) => s.isFile(), () => false);
  return {
    files: [
      ...(isFile ? [dotGit, path.join(gitDir, 'commondir'), path.join(gitDir, 'gitdir')] : []),
      path.join(commonDir, 'config'),
      path.join(commonDir, 'config.worktree'),
      path.join(gitDir, 'config.worktree'),
      path.join(commonDir, 'info', 'attributes'),
      path.join(gitDir, 'info', 'attributes'),
    ],
    hookDirs: [path.join(commonDir, 'hooks'), path.join(gitDir, 'hooks')],
  };
}

/**
 * Takes a snapshot of what git would read from a worktree's repository before repository code (a tool, a validation,
 * a gate) runs there: the repository-local config files, attributes, hooks, and the links between the worktree and
 * its git directory. UET's git already runs no hooks and no fsmonitor (GIT_SAFE_ARGS), but filter, textconv and merge
 * drivers, and a redirected .git, can only be undone by putting the files back.
 */
export async function guardGitConfig(worktree: string): Promise<GitConfigGuard> {
  const { files, hookDirs } = await guardedFiles(worktree);
  const snap: Snapshot = new Map();
  for (const f of [...new Set(files)]) snap.set(f, await readOrNull(f));
  for (const d of [...new Set(hookDirs)]) for (const n of await filesIn(d)) snap.set(path.join(d, n), await readOrNull(path.join(d, n)));
  const base = path.dirname(files.find((f) => f.endsWith(`${path.sep}config`)) ?? worktree);
  const label = (f: string) => (f.startsWith(worktree + path.sep) ? path.relative(worktree, f) : path.relative(base, f) || f);
  return {
    async restore() {
      const restored: string[] = [];
      const now = new Map<string, Entry>();
      for (const f of snap.keys()) now.set(f, await readOrNull(f));
      for (const d of [...new Set(hookDirs)]) for (const n of await filesIn(d)) if (!snap.has(path.join(d, n))) now.set(path.join(d, n), await readOrNull(path.join(d, n)));
      for (const [f, content] of now) {
        const before = snap.get(f) ?? null;
        if (same(before, content)) continue;
        restored.push(label(f));
        await rm(f, { force: true, recursive: true }); // a symlink or directory may have been put in its place
        if (before !== null) {
          await mkdir(path.dirname(f), { recursive: true });
          await writeFile(f, before.data, { mode: before.mode });
          await chmod(f, before.mode);
        }
      }
      return restored.sort();
    },
  };
}
