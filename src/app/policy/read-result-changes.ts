import type { GitHubClient, RepoRef } from '../../adapters/github/github-client.js';
import type { RequestBudget } from '../../adapters/github/request-budget.js';

/** One file (blob, symlink or submodule) as a git tree lists it. */
export interface TreeFile {
  readonly mode: string;
  readonly type: 'blob' | 'commit';
  readonly sha: string;
}

/** A path the result changes: its entry before (the pinned commit) and after (the run's head); absent on one side when added or removed. */
export interface ResultChange {
  readonly path: string;
  readonly before?: TreeFile;
  readonly after?: TreeFile;
}

export interface ResultChanges {
  readonly changes: readonly ResultChange[];
  /** Directories that could not be compared within the request budget: the result is not proven clean there. */
  readonly unchecked: readonly string[];
  readonly requests: number;
}

interface Listing {
  readonly sha: string;
  readonly truncated: boolean;
  /** Files by path (relative to the listed tree); subtrees by path. */
  readonly files: Map<string, TreeFile>;
  readonly trees: Map<string, string>;
}

/**
 * Every path the run's result changes, read from git trees (`GET …/git/trees/{sha}`), not from the compare API,
 * which lists at most 300 files. Both trees are listed recursively (one request each for most repositories); where
 * GitHub truncates a listing (100,000 entries or 7 MB), the two trees are walked together one level at a time,
 * descending only into directories whose tree differs. What the budget cannot reach is named in `unchecked`, never
 * taken as unchanged.
 */
export async function readResultChanges(gh: GitHubClient, repo: RepoRef, base: string, head: string, budget: RequestBudget): Promise<ResultChanges> {
  let requests = 0;
  const changes: ResultChange[] = [];
  const unchecked: string[] = [];
  const list = async (sha: string, recursive: boolean): Promise<Listing> => {
    requests++;
    const { data } = await gh.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { ...repo, tree_sha: sha, ...(recursive ? { recursive: '1' } : {}) });
    const files = new Map<string, TreeFile>();
    const trees = new Map<string, string>();
    for (const e of data.tree) {
      if (e.path === undefined || e.sha === undefined) continue;
      if (e.type === 'tree') trees.set(e.path, e.sha);
      else if (e.type === 'blob' || e.type === 'commit') files.set(e.path, { mode: e.mode ?? '', type: e.type, sha: e.sha });
    }
    return { sha: data.sha, truncated: data.truncated, files, trees };
  };
  const diffFiles = (prefix: string, a: Map<string, TreeFile>, b: Map<string, TreeFile>) => {
    for (const [p, before] of a) {
      const after = b.get(p);
      if (!after || after.sha !== before.sha || after.mode !== before.mode) changes.push({ path: prefix + p, before, ...(after ? { after } : {}) });
    }
    for (const [p, after] of b) if (!a.has(p)) changes.push({ path: prefix + p, after });
  };
  const empty: Listing = { sha: '', truncated: false, files: new Map(), trees: new Map() };
  const take = (prefix: string) => {
    if (budget.take()) return true;
    unchecked.push(prefix.replace(/\/$/, '') || '.');
    return false;
  };

  /** Compares two trees (null: absent on that side) under `prefix`. */
  const walk = async (prefix: string, a: string | null, b: string | null): Promise<void> => {
    if (a === b) return;
    // Whole subtrees first: one listing per side, enough unless GitHub truncates one.
    if ((a !== null && !take(prefix)) || (b !== null && !take(prefix))) return;
    const [ra, rb] = await Promise.all([a !== null ? list(a, true) : empty, b !== null ? list(b, true) : empty]);
    if (ra.sha !== '' && ra.sha === rb.sha) return;
    if (!ra.truncated && !rb.truncated) return diffFiles(prefix, ra.files, rb.files);
    // Too big for one listing: this level alone, then each differing directory on its own.
    if ((a !== null && !take(prefix)) || (b !== null && !take(prefix))) return;
    const [la, lb] = await Promise.all([a !== null ? list(a, false) : empty, b !== null ? list(b, false) : empty]);
    diffFiles(prefix, la.files, lb.files);
    for (const name of new Set([...la.trees.keys(), ...lb.trees.keys()]))
      await walk(`${prefix}${name}/`, la.trees.get(name) ?? null, lb.trees.get(name) ?? null);
  };
  await walk('', base, head);
  changes.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  return { changes, unchecked, requests };
}
