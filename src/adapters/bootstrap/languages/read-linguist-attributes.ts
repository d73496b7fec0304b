import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LinguistAttributes } from '../../../core/bootstrap/languages/index.js';
import {
  buildLinguistPathFilter,
  type AttributesSource,
} from '../../../core/bootstrap/languages/linguist-attribute-filter.js';
import type { BlobReader } from './create-blob-reader.js';
import { gitProcess } from './git-process.js';
import { parseCheckAttr } from './parse-check-attr.js';
import type { TreeEntry } from './list-tree-entries.js';

export interface AttributeReading {
  /** The linguist-* attributes of each entry, by its index in the listing (undefined: none set). Entries with the same
   * attributes share one object. */
  readonly attributes: readonly (LinguistAttributes | undefined)[];
  /** Problems met (an unreadable attributes file, a failed check-attr); the scan goes on without them. */
  readonly problems: readonly string[];
}

const isAttributesFile = (e: TreeEntry) =>
  e.kind === 'file' && (e.path === '.gitattributes' || e.path.endsWith('/.gitattributes'));

/**
 * Which entries check-attr must be asked about (their indexes in the listing): none when no attributes file mentions
 * linguist, the paths a linguist line could apply to when that can be told (buildLinguistPathFilter), otherwise every
 * file.
 */
async function entriesToCheck(gitDir: string, entries: readonly TreeEntry[], reader: BlobReader): Promise<number[]> {
  const files = entries.filter(isAttributesFile);
  const sources: AttributesSource[] = [];
  let truncated = false; // an attributes file larger than what the reader keeps: its lines cannot all be seen
  await reader.read([...new Set(files.map((f) => f.oid))], (oid, sample) => {
    if (sample === null) return; // unreadable: check-attr could not read it either
    const text = Buffer.from(sample, 'latin1').toString('utf8'); // patterns are matched against UTF-8 paths
    for (const f of files.filter((x) => x.oid === oid)) {
      if (f.size > sample.length) truncated = true;
      sources.push({ dir: f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/')) : '', text });
    }
  });
  const info = await readFile(join(gitDir, 'info', 'attributes'), 'utf8').catch(() => '');
  sources.push({ dir: '', text: info });
  if (!truncated && !sources.some((source) => source.text.includes('linguist'))) return [];
  const filter = truncated ? undefined : buildLinguistPathFilter(sources);
  const out: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.kind === 'file' && (!filter || filter(e.path))) out.push(i);
  }
  return out;
}

/**
 * The linguist-* attributes of every file, from the .gitattributes files of the tree walked (plus
 * $GIT_DIR/info/attributes; not the system or global files, which GitHub does not see either), in one
 * batched `git check-attr --stdin -z --cached --all`. For a commit, its .gitattributes blobs are staged in a
 * temporary index, so that neither the working tree nor the real index matters. Only the paths a line
 * setting a linguist attribute could apply to are asked about, and none when no attributes file mentions
 * linguist. Never throws: git's warnings about odd lines are ignored, and a failure is reported as a
 * problem.
 */
export async function readLinguistAttributes(
  repoDir: string,
  gitDir: string,
  entries: readonly TreeEntry[],
  treeSource: 'head' | 'index',
  reader: BlobReader,
): Promise<AttributeReading> {
  const attributes = new Array<LinguistAttributes | undefined>(entries.length);
  const attributeFiles = entries.filter(isAttributesFile);
  const checked = await entriesToCheck(gitDir, entries, reader);
  if (!checked.length) return { attributes, problems: [] };
  let tmp: string | undefined;
  try {
    // GIT_FLUSH=0: check-attr would otherwise flush after every path (one write per path).
    const env: Record<string, string> = { GIT_ATTR_NOSYSTEM: '1', GIT_FLUSH: '0' };
    if (treeSource === 'head') {
      tmp = await mkdtemp(join(tmpdir(), 'uet-attr-'));
      env.GIT_INDEX_FILE = join(tmp, 'index');
      const staged = attributeFiles.map((f) => `${f.mode} ${f.oid}\t${f.path}\0`).join('');
      await gitProcess(repoDir, ['update-index', '-z', '--index-info'], { input: staged, env });
    }
    // --all lists only the attributes that are set on each path (macros expanded), far less output
    // than asking for the five by name; the others are skipped without being decoded.
    const input = Buffer.from(`${checked.map((i) => entries[i]!.path).join('\0')}\0`);
    const { stdout } = await gitProcess(
      repoDir,
      ['-c', 'core.attributesFile=/dev/null', 'check-attr', '--stdin', '-z', '--cached', '--all'],
      { input, env },
    );
    parseCheckAttr(stdout, input, (k, value) => (attributes[checked[k]!] = value));
    return { attributes, problems: [] };
  } catch (error) {
    return { attributes, problems: [`.gitattributes could not be applied: ${(error as Error).message}`] };
  } finally {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}
