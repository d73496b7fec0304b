import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LinguistAttributes } from '../../../core/bootstrap/languages/index.js';
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

async function mentionsLinguist(
  gitDir: string,
  files: readonly TreeEntry[],
  reader: BlobReader,
): Promise<boolean> {
  let found = false;
  await reader.read(
    files.map((f) => f.oid),
    (_oid, sample) => {
      if (sample?.includes('linguist')) found = true;
    },
  );
  if (found) return true;
  const info = await readFile(join(gitDir, 'info', 'attributes'), 'latin1').catch(() => '');
  return info.includes('linguist');
}

/**
 * The linguist-* attributes of every file, from the .gitattributes files of the tree walked (plus
 * $GIT_DIR/info/attributes; not the system or global files, which GitHub does not see either), in one
 * batched `git check-attr --stdin -z --cached --all`. For a commit, its .gitattributes blobs are staged in a
 * temporary index, so that neither the working tree nor the real index matters. Skipped altogether when
 * no attributes file mentions linguist. Never throws: git's warnings about odd lines are ignored, and a
 * failure is reported as a problem.
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
  if (!(await mentionsLinguist(gitDir, attributeFiles, reader))) return { attributes, problems: [] };
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
    const paths = entries.filter((e) => e.kind === 'file').map((e) => `${e.path}\0`);
    // --all lists only the attributes that are set on each path (macros expanded), far less output
    // than asking for the five by name; the others are ignored.
    const { stdout } = await gitProcess(
      repoDir,
      ['-c', 'core.attributesFile=/dev/null', 'check-attr', '--stdin', '-z', '--cached', '--all'],
      { input: paths.join(''), env },
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
