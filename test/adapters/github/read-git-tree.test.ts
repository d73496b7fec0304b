import { describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../../src/adapters/github/github-client.js';
import { readGitTree, TreeBudgetError } from '../../../src/adapters/github/read-git-tree.js';
import { createRequestBudget } from '../../../src/adapters/github/request-budget.js';

/** A repository of nested directories, served as GitHub's tree API does, cutting recursive listings past `limit`. */
function stubGitHub(files: readonly string[], limit: number) {
  const calls: string[] = [];
  const dirOf = (sha: string) => (sha === 'root' ? '' : sha.slice('tree:'.length));
  const children = (dir: string) => {
    const prefix = dir ? `${dir}/` : '';
    const names = new Map<string, 'blob' | 'tree'>();
    for (const f of files)
      if (f.startsWith(prefix)) {
        const rest = f.slice(prefix.length);
        names.set(rest.split('/')[0]!, rest.includes('/') ? 'tree' : 'blob');
      }
    return [...names].sort().map(([name, type]) => ({ name, type, path: prefix + name }));
  };
  const gh = {
    request: (_route: string, p: { tree_sha: string; recursive?: string }) => {
      calls.push(`${p.tree_sha}${p.recursive ? ' recursive' : ''}`);
      const sha = p.tree_sha === 'commit' ? 'root' : p.tree_sha;
      const base = dirOf(sha);
      const out: { path: string; mode: string; type: string; sha: string; size?: number }[] = [];
      const walk = (dir: string) => {
        for (const c of children(dir)) {
          const rel = base ? c.path.slice(base.length + 1) : c.path;
          out.push(
            c.type === 'tree'
              ? { path: rel, mode: '040000', type: 'tree', sha: `tree:${c.path}` }
              : { path: rel, mode: '100644', type: 'blob', sha: `blob:${c.path}`, size: 1 },
          );
          if (c.type === 'tree' && p.recursive) walk(c.path);
        }
      };
      walk(base);
      const cut = p.recursive !== undefined && out.length > limit; // GitHub cuts recursive listings only
      return Promise.resolve({ data: { sha, truncated: cut, tree: cut ? out.slice(0, limit) : out } });
    },
  };
  return { gh: gh as unknown as GitHubClient, calls };
}

const REPO = { owner: 'o', repo: 'r' };
const files = ['README.md', 'a/x.py', 'a/y.py', 'b/big/1.ts', 'b/big/2.ts', 'b/big/3.ts', 'b/z.ts', 'c/w.go'];

describe('readGitTree', () => {
  it('lists a tree in one recursive request when GitHub does not truncate it', async () => {
    const { gh, calls } = stubGitHub(files, 100);
    const listing = await readGitTree(gh, REPO, 'commit', createRequestBudget(10));
    expect(listing.entries.map((e) => e.path)).toEqual([...files].sort());
    expect(listing).toMatchObject({ walked: false, unlisted: [], requests: 1, tree: 'root' });
    expect(calls).toEqual(['commit recursive']);
  });

  it('walks a truncated tree directory by directory, going a level down where a directory is itself truncated, and finds every file', async () => {
    const { gh, calls } = stubGitHub(files, 3);
    const listing = await readGitTree(gh, REPO, 'commit', createRequestBudget(20));
    expect(listing.entries.map((e) => e.path)).toEqual([...files].sort());
    expect(listing.walked).toBe(true);
    expect(calls).toEqual([
      'commit recursive',
      'root',
      'tree:a recursive',
      'tree:b recursive',
      'tree:c recursive',
      'tree:b',
      'tree:b/big recursive',
    ]);
  });

  it('stops at the budget and names the directories it could not list (shallowest listed first)', async () => {
    const { gh } = stubGitHub(files, 3);
    const listing = await readGitTree(gh, REPO, 'commit', createRequestBudget(3));
    expect(listing.entries.map((e) => e.path)).toEqual(['README.md', 'a/x.py', 'a/y.py']);
    expect(listing.unlisted).toEqual(['b', 'c']);
    expect(listing.requests).toBe(3);
    await expect(readGitTree(gh, REPO, 'commit', createRequestBudget(0))).rejects.toThrow(TreeBudgetError);
  });
});
