import { GITLINK_MODE, SYMLINK_MODE, type WrittenChange } from '../../core/patch/index.js';
import { createGitObjectReader, type GitObjectReader } from './git-object-reader.js';
import { parseTree, TREE_MODE, type TreeEntry } from './tree-codec.js';

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** What one path changes between two trees, without rename detection (as `git diff-tree -r --no-renames`). */
interface RawChange {
  readonly path: string;
  readonly oldMode: string | null;
  readonly newMode: string | null;
  readonly newId: string | null;
}

async function readTree(reader: GitObjectReader, id: string | null): Promise<TreeEntry[]> {
  if (id === null) return [];
  const o = await reader.read(id);
  if (!o || o.type !== 'tree') throw new Error(`tree ${id} is not in the repository`);
  return parseTree(o.data);
}

/** The commit's tree, or the id itself when it names a tree. */
async function treeOf(reader: GitObjectReader, id: string): Promise<string> {
  const o = await reader.read(id);
  if (o?.type === 'tree') return id;
  const tree = o?.type === 'commit' ? /^tree ([0-9a-f]{40,64})/.exec(o.data.toString('latin1'))?.[1] : undefined;
  if (!tree) throw new Error(`${id} is not a commit or tree of the repository`);
  return tree;
}

/** Walks two trees together, descending only into subtrees whose ids differ. Names are decoded as UTF-8 (U+FFFD for bytes that are not). */
async function diffTrees(reader: GitObjectReader, a: string | null, b: string | null, prefix: string, out: RawChange[]): Promise<void> {
  const [left, right] = await Promise.all([readTree(reader, a), readTree(reader, b)]);
  const byName = new Map<string, [TreeEntry | undefined, TreeEntry | undefined]>();
  for (const e of left) byName.set(e.name.toString('latin1'), [e, undefined]);
  for (const e of right) {
    const k = e.name.toString('latin1');
    byName.set(k, [byName.get(k)?.[0], e]);
  }
  for (const [old, neu] of byName.values()) {
    if (old && neu && old.mode === neu.mode && old.id === neu.id) continue;
    const path = prefix + utf8.decode((neu ?? old)!.name);
    const oldTree = old?.mode === TREE_MODE ? old : undefined;
    const newTree = neu?.mode === TREE_MODE ? neu : undefined;
    if (oldTree || newTree) await diffTrees(reader, oldTree?.id ?? null, newTree?.id ?? null, `${path}/`, out);
    const oldBlob = old && !oldTree ? old : undefined;
    const newBlob = neu && !newTree ? neu : undefined;
    if (oldBlob || newBlob) out.push({ path, oldMode: oldBlob?.mode ?? null, newMode: newBlob?.mode ?? null, newId: newBlob?.id ?? null });
  }
}

/**
 * What a commit (or tree) changes against a base commit (or tree), read from git's objects: every path, its old and
 * new modes, the size of each new blob and the target of each new symlink. No rename detection: a rename is its
 * source removed and its target created, as git writes them. Sorted by path.
 */
export async function readWrittenChangesWith(reader: GitObjectReader, base: string, result: string): Promise<WrittenChange[]> {
  const [a, b] = await Promise.all([treeOf(reader, base), treeOf(reader, result)]);
  const raw: RawChange[] = [];
  if (a !== b) await diffTrees(reader, a, b, '', raw);
  const blobs = await Promise.all(raw.map((c) => (c.newId !== null && c.newMode !== GITLINK_MODE ? reader.read(c.newId) : Promise.resolve(null))));
  return raw
    .map((c, i): WrittenChange => {
      const blob = blobs[i];
      return {
        ...c,
        ...(blob ? { size: blob.data.length } : {}),
        ...(blob && c.newMode === SYMLINK_MODE ? { linkTarget: utf8.decode(blob.data) } : {}),
      };
    })
    .sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** readWrittenChangesWith on a reader of its own (one `git cat-file --batch` for the call). */
export async function readWrittenChanges(root: string, base: string, result: string): Promise<WrittenChange[]> {
  const reader = createGitObjectReader(root);
  try {
    return await readWrittenChangesWith(reader, base, result);
  } finally {
    reader.close();
  }
}
