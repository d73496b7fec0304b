/** One entry of a git tree object. Trees have mode 40000. */
export interface TreeEntry {
  readonly mode: string;
  readonly name: Buffer;
  readonly id: string;
}

export const TREE_MODE = '40000';

/** Parses a tree object's content: `<mode> <name>\0<20-byte id>` repeated. */
export function parseTree(data: Buffer): TreeEntry[] {
  const out: TreeEntry[] = [];
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(32, i);
    const nul = data.indexOf(0, sp);
    if (sp < 0 || nul < 0 || nul + 21 > data.length) throw new Error('malformed tree object');
    out.push({ mode: data.subarray(i, sp).toString('latin1'), name: Buffer.from(data.subarray(sp + 1, nul)), id: data.subarray(nul + 1, nul + 21).toString('hex') });
    i = nul + 21;
  }
  return out;
}

/** git's tree order: by name bytes, a tree's name compared as if it ended with '/'. */
const sortKey = (e: TreeEntry) => (e.mode === TREE_MODE ? Buffer.concat([e.name, Buffer.from('/')]) : e.name);

/** Serializes tree entries in git's order. */
export function serializeTree(entries: readonly TreeEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => Buffer.compare(sortKey(a), sortKey(b)));
  return Buffer.concat(sorted.flatMap((e) => [Buffer.from(`${e.mode} `), e.name, Buffer.from([0]), Buffer.from(e.id, 'hex')]));
}
