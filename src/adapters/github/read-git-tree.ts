import type { GitHubClient, RepoRef } from './github-client.js';
import type { RequestBudget } from './request-budget.js';

/** One entry of a git tree as GitHub lists it; `size` for blobs only. */
export interface GitTreeEntry {
  readonly path: string;
  readonly mode: string;
  readonly type: 'blob' | 'tree' | 'commit';
  readonly sha: string;
  readonly size?: number;
}

export interface GitTreeListing {
  /** The root tree's sha. */
  readonly tree: string;
  /** Every blob and submodule (type commit) under the root, sorted by path; directories are not listed. */
  readonly entries: readonly GitTreeEntry[];
  /** GitHub truncated the recursive listing, so the tree was walked directory by directory. */
  readonly walked: boolean;
  /** Directories left unlisted because the request budget ran out (shallowest are listed first). */
  readonly unlisted: readonly string[];
  /** Tree requests made. */
  readonly requests: number;
}

interface RawTree {
  sha: string;
  truncated: boolean;
  tree: { path?: string; mode?: string; type?: string; sha?: string; size?: number }[];
}

/** Thrown when not even the first listing fits the budget. */
export class TreeBudgetError extends Error {}

const asEntry = (prefix: string, e: RawTree['tree'][number]): GitTreeEntry | undefined =>
  e.path !== undefined &&
  e.sha !== undefined &&
  (e.type === 'blob' || e.type === 'tree' || e.type === 'commit')
    ? {
        path: prefix + e.path,
        mode: e.mode ?? '',
        type: e.type,
        sha: e.sha,
        ...(e.size !== undefined ? { size: e.size } : {}),
      }
    : undefined;

/**
 * Lists a tree through GitHub's API: `GET …/git/trees/<treeish>?recursive=1` (a commit sha, a tree sha or a
 * branch), one request for most repositories. GitHub cuts a recursive listing past 100,000 entries or 7 MB and says
 * `truncated: true`; its documented remedy is to fetch sub-trees one at a time, so the walk then lists the root
 * without recursion and each directory recursively, going one level down again wherever a directory is itself
 * truncated, breadth first, until `budget` is spent. What is left unlisted is named, never silently dropped.
 */
export async function readGitTree(
  gh: GitHubClient,
  repo: RepoRef,
  treeish: string,
  budget: RequestBudget,
): Promise<GitTreeListing> {
  let requests = 0;
  const get = async (sha: string, recursive: boolean): Promise<RawTree> => {
    requests++;
    const { data } = await gh.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', {
      ...repo,
      tree_sha: sha,
      ...(recursive ? { recursive: '1' } : {}),
    });
    return data;
  };
  if (!budget.take()) throw new TreeBudgetError('no request left to list the tree');
  const first = await get(treeish, true);
  const collect = (prefix: string, raw: RawTree, out: GitTreeEntry[]) => {
    for (const e of raw.tree) {
      const entry = asEntry(prefix, e);
      if (entry && entry.type !== 'tree') out.push(entry);
    }
  };
  const entries: GitTreeEntry[] = [];
  const unlisted: string[] = [];
  if (!first.truncated) collect('', first, entries);
  else {
    const queue: { prefix: string; sha: string; recursive: boolean }[] = [
      { prefix: '', sha: first.sha, recursive: false },
    ];
    while (queue.length) {
      const item = queue.shift()!;
      if (!budget.take()) {
        unlisted.push(...[item, ...queue].map((q) => q.prefix.replace(/\/$/, '') || '.'));
        break;
      }
      const raw = await get(item.sha, item.recursive);
      if (item.recursive && raw.truncated) {
        queue.push({ ...item, recursive: false }); // too big for one listing: its children one by one
        continue;
      }
      for (const e of raw.tree) {
        const entry = asEntry(item.prefix, e);
        if (!entry) continue;
        if (entry.type === 'tree') {
          if (!item.recursive) queue.push({ prefix: `${entry.path}/`, sha: entry.sha, recursive: true });
        } else entries.push(entry);
      }
    }
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { tree: first.sha, entries, walked: first.truncated, unlisted, requests };
}
