import {
  buildLanguageScan,
  classifyContent,
  classifyFile,
  getLanguageIndex,
  loadClassifier,
  needsContent,
  SAMPLE_BYTES,
  type FileClassification,
  type FileEntry,
  type LanguageIndex,
  type LanguageScan,
} from '../../../core/bootstrap/languages/index.js';
import { createBlobReader, type BlobReader } from './create-blob-reader.js';
import type { TreeEntry } from './list-tree-entries.js';
import { readLinguistAttributes } from './read-linguist-attributes.js';
import { readRepositoryTree, type RepositoryTree } from './read-repository-tree.js';

export interface ScanLanguagesOptions {
  /** Keep the per-file verdicts in the result's `files`. */
  readonly includeFiles?: boolean;
  /** readRepositoryTree(repoDir), when the caller started it already. */
  readonly tree?: Promise<RepositoryTree>;
}

/** The most blob bytes spooled through a temporary file (all the blobs of the tree at most). */
const SPOOL_LIMIT = 256 * 1024 * 1024;
/** Blobs asked for at a time during the path pass. */
const READ_AHEAD = 2048;

interface Classified {
  readonly results: FileClassification[];
  readonly problems: readonly string[];
}

/** The verdict on every entry: attributes first, then the blobs that need reading, in one pass. */
async function classifyEntries(
  repoDir: string,
  gitDir: string,
  listing: readonly TreeEntry[],
  treeSource: 'head' | 'index',
  index: LanguageIndex,
  reader: BlobReader,
): Promise<Classified> {
  const results: FileClassification[] = new Array<FileClassification>(listing.length);
  const attributes = await readLinguistAttributes(repoDir, gitDir, listing, treeSource, reader);
  const entries: FileEntry[] = listing.map((e, i) => {
    const a = attributes.attributes[i];
    return a ? { path: e.path, size: e.size, kind: e.kind, attributes: a } : e; // no copy of 40k entries
  });
  // Blobs are asked for while the path pass goes on, READ_AHEAD at a time, so that git reads them while Node
  // classifies the rest by path. Each is handed over once the loop yields; files left with several
  // candidates get a deterministic pick first and, if there are any, Linguist's classifier (1.6 MB of
  // counts, loaded only then) redoes them from their kept samples.
  const byOid = new Map<string, number[]>();
  const undecided = new Map<number, string>();
  let classifying: ReturnType<typeof loadClassifier> | undefined;
  const onBlob = (oid: string, sample: string | null) => {
    for (const i of byOid.get(oid)!) {
      results[i] = classifyContent(entries[i]!, sample, index); // needsContent: the path did not decide
      if (sample !== null && results[i].detector === 'linguist.classifier-fallback') {
        undecided.set(i, sample);
        classifying ??= loadClassifier(); // loads while git still reads
      }
    }
  };
  const reads: Promise<void>[] = [];
  let batch: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (!needsContent(entry, index)) {
      results[i] = classifyFile(entry, undefined, index);
      continue;
    }
    const oid = listing[i]!.oid;
    const same = byOid.get(oid);
    if (same) same.push(i);
    else {
      byOid.set(oid, [i]);
      batch.push(oid);
      if (batch.length === READ_AHEAD) {
        reads.push(reader.read(batch, onBlob));
        batch = [];
      }
    }
  }
  reads.push(reader.read(batch, onBlob));
  await Promise.all(reads);
  if (classifying) {
    const classifier = await classifying;
    for (const [i, sample] of undecided) results[i] = classifyContent(entries[i]!, sample, index, classifier);
  }
  return { results, problems: attributes.problems };
}

/**
 * The language breakdown of a git repository with GitHub Linguist 7.22.1 semantics: the tree of HEAD
 * (`git ls-tree -r -l -z`), or the index of a repository without commits. Blobs are read only where the
 * verdict depends on them, through one `git cat-file --batch`, and the linguist-* attributes come from one
 * `git check-attr --stdin`. Throws UsageError when `repoDir` is not a git repository or has nothing
 * committed or staged. Unreadable blobs are reported (as unreadable files), never thrown.
 */
export async function scanLanguages(
  repoDir: string,
  options: ScanLanguagesOptions = {},
): Promise<LanguageScan> {
  const reading = options.tree ?? readRepositoryTree(repoDir);
  reading.catch(() => undefined); // awaited below, after the index is built
  const index = getLanguageIndex(); // built while git lists the tree
  const { repo, listing } = await reading;
  const treeSource = repo.commit ? 'head' : 'index';
  // Spool git's output through a temporary file unless the blobs could weigh more than SPOOL_LIMIT.
  let total = 0;
  for (const e of listing) total += e.size;
  const reader = createBlobReader(repo.top, { sampleBytes: SAMPLE_BYTES, spool: total <= SPOOL_LIMIT });
  let classified: Classified;
  try {
    classified = await classifyEntries(repo.top, repo.gitDir, listing, treeSource, index, reader);
  } finally {
    reader.close();
  }
  const { results, problems } = classified;
  const scan = buildLanguageScan(results, {
    includeFiles: options.includeFiles ?? false,
    treeSource,
    linguistDataVersion: index.version,
    ...(repo.commit ? { commit: repo.commit } : {}),
  });
  if (!problems.length) return scan;
  const evidence = problems.map((p) => ({
    file: '.gitattributes',
    detector: 'gitattributes',
    conclusion: p,
  }));
  return { ...scan, evidence: [...scan.evidence, ...evidence] };
}
