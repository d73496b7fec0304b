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
import type { TreeEntry } from './list-tree-entries.js';

const ATTRIBUTES = [
  'linguist-vendored',
  'linguist-generated',
  'linguist-documentation',
  'linguist-detectable',
  'linguist-language',
] as const;

type Mutable = { -readonly [K in keyof LinguistAttributes]: LinguistAttributes[K] };

export interface AttributeReading {
  readonly attributes: ReadonlyMap<string, LinguistAttributes>;
  /** Problems met (an unreadable attributes file, a failed check-attr); the scan goes on without them. */
  readonly problems: readonly string[];
}

const isAttributesFile = (e: TreeEntry) =>
  e.kind === 'file' && (e.path === '.gitattributes' || e.path.endsWith('/.gitattributes'));

/** Rugged's values as LazyBlob reads them: set is true, unset false, a value is true unless it is "false". */
function apply(target: Mutable, attribute: string, info: string): void {
  if (info === 'unspecified') return;
  if (attribute === 'linguist-language') {
    // `linguist-language` set without a value names no language (Language.find_by_alias(true) is nil);
    // unset is falsy, so the language is detected as usual.
    if (info !== 'unset') target.language = info === 'set' ? '' : info;
    return;
  }
  const value = info === 'set' ? true : info === 'unset' ? false : info !== 'false';
  const key = attribute.slice('linguist-'.length) as
    'vendored' | 'generated' | 'documentation' | 'detectable';
  target[key] = value;
}

/**
 * Which paths check-attr must be asked about: none when no attributes file mentions linguist, the paths a
 * linguist line could apply to when that can be told (buildLinguistPathFilter), otherwise all of them.
 */
async function pathsToCheck(
  gitDir: string,
  entries: readonly TreeEntry[],
  reader: BlobReader,
): Promise<string[]> {
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
  const all = entries.filter((e) => e.kind === 'file').map((e) => e.path);
  const filter = truncated ? undefined : buildLinguistPathFilter(sources);
  return filter ? all.filter(filter) : all;
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
  const attributes = new Map<string, LinguistAttributes>();
  const attributeFiles = entries.filter(isAttributesFile);
  const paths = await pathsToCheck(gitDir, entries, reader);
  if (!paths.length) return { attributes, problems: [] };
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
    // than asking for the five by name; the others are ignored.
    const { stdout } = await gitProcess(
      repoDir,
      ['-c', 'core.attributesFile=/dev/null', 'check-attr', '--stdin', '-z', '--cached', '--all'],
      { input: `${paths.join('\0')}\0`, env },
    );
    const fields = stdout.toString('utf8').split('\0');
    for (let i = 0; i + 2 < fields.length; i += 3) {
      const attribute = fields[i + 1]!;
      if (!ATTRIBUTES.includes(attribute as (typeof ATTRIBUTES)[number])) continue;
      const path = fields[i]!;
      let current = attributes.get(path) as Mutable | undefined;
      if (!current) attributes.set(path, (current = {}));
      apply(current, attribute, fields[i + 2]!);
    }
    return { attributes, problems: [] };
  } catch (error) {
    return { attributes, problems: [`.gitattributes could not be applied: ${(error as Error).message}`] };
  } finally {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}
