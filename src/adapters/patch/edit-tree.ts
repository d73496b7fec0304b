import type { GitObjectReader } from './git-object-reader.js';
import type { LooseObjectWriter } from './loose-object-writer.js';
import { parseTree, serializeTree, TREE_MODE, type TreeEntry } from './tree-codec.js';

/** A new blob at a path, or null to remove the path. */
export type TreeEdit = { readonly mode: string; readonly id: string } | null;

/** Declined: the edit cannot be made in process (a file where a directory is, say); the caller falls back to git. */
export class TreeEditDeclined extends Error {}

/** Reads trees through `reader`, caching them by id (trees never change). */
export function createTreeCache(reader: GitObjectReader) {
  const cache = new Map<string, TreeEntry[]>();
  const tree = async (id: string): Promise<TreeEntry[]> => {
    let t = cache.get(id);
    if (!t) {
      const o = await reader.read(id);
      if (!o || o.type !== 'tree') throw new TreeEditDeclined(`tree ${id} not found`);
      t = parseTree(o.data);
      cache.set(id, t);
    }
    return t;
  };
  /** The entry at a path under a tree, or undefined. */
  const lookup = async (root: string, path: string): Promise<TreeEntry | undefined> => {
    const segs = path.split('/');
    let entries = await tree(root);
    for (let i = 0; i < segs.length; i++) {
      const e = entries.find((x) => x.name.toString('utf8') === segs[i]);
      if (!e || i === segs.length - 1) return e;
      if (e.mode !== TREE_MODE) return undefined;
      entries = await tree(e.id);
    }
    return undefined;
  };
  return { tree, lookup, remember: (id: string, entries: TreeEntry[]) => cache.set(id, entries) };
}

export type TreeCache = ReturnType<typeof createTreeCache>;

/**
 * Applies path edits to the tree `root` (null: an empty tree) and writes every changed tree, bottom up. Returns the
 * new tree's id, or null when it would be empty (only the top-level tree is ever written empty).
 */
export async function editTree(cache: TreeCache, writer: LooseObjectWriter, root: string | null, edits: ReadonlyMap<string, TreeEdit>, top = true): Promise<string | null> {
  const entries = new Map<string, TreeEntry>();
  for (const e of root ? await cache.tree(root) : []) entries.set(e.name.toString('utf8'), e);
  const nested = new Map<string, Map<string, TreeEdit>>();
  const direct: [string, TreeEdit][] = [];
  for (const [path, edit] of edits) {
    const slash = path.indexOf('/');
    if (slash < 0) direct.push([path, edit]);
    else {
      const seg = path.slice(0, slash);
      const m = nested.get(seg) ?? new Map<string, TreeEdit>();
      m.set(path.slice(slash + 1), edit);
      nested.set(seg, m);
    }
  }
  for (const [name, edit] of direct) if (edit === null) entries.delete(name);
  for (const [seg, sub] of nested) {
    const current = entries.get(seg);
    if (current && current.mode !== TREE_MODE) throw new TreeEditDeclined(`${seg} is a file, not a directory`);
    const id = await editTree(cache, writer, current?.id ?? null, sub, false);
    if (id === null) entries.delete(seg);
    else entries.set(seg, { mode: TREE_MODE, name: Buffer.from(seg), id });
  }
  for (const [name, edit] of direct) {
    if (edit === null) continue;
    if (entries.get(name)?.mode === TREE_MODE) throw new TreeEditDeclined(`${name} is a directory, not a file`);
    entries.set(name, { mode: edit.mode, name: Buffer.from(name), id: edit.id });
  }
  if (!entries.size && !top) return null;
  const list = [...entries.values()];
  const id = await writer.write('tree', serializeTree(list));
  cache.remember(id, list);
  return id;
}
