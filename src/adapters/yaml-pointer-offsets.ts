import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Where each JSON pointer of a parsed YAML document starts (a character offset): the key for a map
 * entry, the item for a sequence element. Used to show validation issues with a line number.
 */
export function yamlPointerOffsets(doc: Document): Map<string, number> {
  const offsets = new Map<string, number>();
  const walk = (node: unknown, pointer: string) => {
    if (!node || typeof node !== 'object') return;
    const start = (node as Node).range?.[0];
    if (start !== undefined && !offsets.has(pointer)) offsets.set(pointer, start);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const child = `${pointer}/${escapePointer(key)}`;
        const keyStart = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
        if (keyStart !== undefined) offsets.set(child, keyStart);
        walk(pair.value, child);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item, `${pointer}/${index}`));
    }
  };
  walk(doc.contents, '');
  return offsets;
}
