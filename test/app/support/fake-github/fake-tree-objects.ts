import { createHash } from 'node:crypto';
import type { TreeLevel, TreeObjects } from '../../../support/github-routes/onboarding-routes.js';
import type { FakeState } from './fake-state.js';

/** git's blob id of a text: sha1 of `blob <size>\0<bytes>`. */
const blobSha = (data: Buffer) =>
  createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');

const stores = new WeakMap<FakeState, TreeObjects>();

/**
 * The fake's trees as GitHub's tree API sees them. The fake keeps each tree as one flat map of paths to texts; this
 * makes the directory levels out of it, each with a stable made-up sha, and the blobs with their git ids.
 */
export function fakeTreeObjects(state: FakeState): TreeObjects {
  const known = stores.get(state);
  if (known) return known;
  const dirs = new Map<string, { root: string; prefix: string }>();
  const blobs = new Map<string, Buffer>();
  const level = (root: string, prefix: string, sha: string): TreeLevel | undefined => {
    const files = state.trees.get(root);
    if (!files) return undefined;
    const names = new Map<string, TreeLevel['entries'][number]>();
    for (const [path, text] of files) {
      if (!path.startsWith(prefix)) continue;
      const rest = path.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) {
        const data = Buffer.from(text);
        const id = blobSha(data);
        blobs.set(id, data);
        names.set(rest, { name: rest, mode: '100644', type: 'blob', sha: id, size: data.length });
      } else {
        const name = rest.slice(0, slash);
        const sub = createHash('sha1').update(`tree ${root} ${prefix}${name}/`).digest('hex');
        dirs.set(sub, { root, prefix: `${prefix}${name}/` });
        names.set(name, { name, mode: '040000', type: 'tree', sha: sub });
      }
    }
    return { sha, entries: [...names.values()].sort((a, b) => (a.name < b.name ? -1 : 1)) };
  };
  const store: TreeObjects = {
    readTree: (sha) => {
      const commit = state.commits.get(sha);
      if (commit) return Promise.resolve(level(commit.tree, '', commit.tree));
      if (state.trees.has(sha)) return Promise.resolve(level(sha, '', sha));
      const dir = dirs.get(sha);
      return Promise.resolve(dir ? level(dir.root, dir.prefix, sha) : undefined);
    },
    readBlob: (sha) => Promise.resolve(blobs.get(sha)),
  };
  stores.set(state, store);
  return store;
}
