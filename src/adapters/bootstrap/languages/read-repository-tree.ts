import { stat } from 'node:fs/promises';
import { UsageError } from '../../../core/errors.js';
import { gitProcess } from './git-process.js';
import { listCommitTree, listIndex, type TreeEntry } from './list-tree-entries.js';

export interface Repository {
  readonly gitDir: string;
  /** Where git runs: the top of the work tree (paths given to git are relative to it), or the bare repository. */
  readonly top: string;
  readonly commit?: string;
}

/** The tree a scan classifies: HEAD's, or the index of a repository without commits. */
export interface RepositoryTree {
  readonly repo: Repository;
  readonly listing: TreeEntry[];
}

async function openRepository(repoDir: string): Promise<Repository> {
  const dir = await stat(repoDir).catch(() => undefined);
  if (!dir?.isDirectory()) throw new UsageError(`${repoDir}: no such directory`);
  // One process: whether it is in a work tree, the way up to its top (no line outside a work tree: a bare
  // repository, a .git directory), the git directory, then HEAD's commit (without commits, git echoes
  // `HEAD^{commit}` and fails). The git directory is every line between, since a path may hold a newline.
  const out = await gitProcess(
    repoDir,
    ['rev-parse', '--is-inside-work-tree', '--show-cdup', '--absolute-git-dir', 'HEAD^{commit}'],
    {
      okCodes: [0, 128],
    },
  );
  const lines = out.stdout.toString('utf8').replace(/\n$/, '').split('\n');
  const inside = lines[0] ?? '';
  const cdup = inside === 'true' ? (lines[1] ?? '') : '';
  const rest = lines.slice(inside === 'true' ? 2 : 1);
  const head = rest.length > 1 ? rest.pop()! : '';
  const gitDir = rest.join('\n');
  if ((inside !== 'true' && inside !== 'false') || !gitDir) {
    const reason = out.stderr.trim().split('\n').pop() ?? 'git rev-parse failed';
    throw new UsageError(`${repoDir}: not a git repository (${reason})`);
  }
  // Not path.join: '..' must be resolved by the system, through symbolic links, as git does.
  const top = cdup ? `${repoDir}/${cdup}` : repoDir;
  const commit = out.code === 0 && /^[0-9a-f]{40,64}$/.test(head) ? head : undefined;
  return commit ? { gitDir, top, commit } : { gitDir, top };
}

/**
 * Finds the repository around `repoDir` and lists the tree to scan: `git ls-tree` of HEAD's commit, or the
 * index when there is no commit. Throws UsageError when `repoDir` is not a git repository or has nothing
 * committed or staged. It needs only git, so a scan can start it before loading the classifier's modules.
 */
export async function readRepositoryTree(repoDir: string): Promise<RepositoryTree> {
  const repo = await openRepository(repoDir);
  const listing = repo.commit ? await listCommitTree(repo.top, repo.commit) : await listIndex(repo.top);
  if (!repo.commit && listing.length === 0) {
    throw new UsageError(
      `${repoDir}: empty repository (no commit, nothing staged): commit or stage files first`,
    );
  }
  return { repo, listing };
}
