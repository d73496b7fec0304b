import type { PatchArtifactOrigin } from '../../core/contracts/index.js';
import { buildPatchArtifact, filePath, type BuiltArtifact, type FilePatch } from '../../core/patch/index.js';
import { readBlobSizes, readDiff, readNumstat, type Numstat } from './read-diff.js';

export interface StepPatchCapture {
  readonly root: string;
  readonly patchId: string;
  /** The run-branch tip the step's worktree started from. */
  readonly base: string;
  readonly baseRef?: string;
  /** The step's commit (its single parent is `base`). */
  readonly commit: string;
  readonly origin: PatchArtifactOrigin;
  readonly summary?: string;
}

export interface CapturedPatch extends BuiltArtifact {
  /** Sizes after the patch, by path, for max_file_bytes and the hard cap. */
  readonly sizes: Map<string, number>;
  /** Set when the parse and `git diff --numstat` disagree: the patch cannot be trusted and is rejected. */
  readonly numstatMismatch?: string;
}

/** Where the parsed diff and git's own numstat disagree, one phrase per file; empty when they agree. */
export function compareNumstat(files: readonly FilePatch[], numstat: Numstat): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    const path = filePath(f);
    seen.add(path);
    if (!numstat.has(path)) {
      problems.push(`${path}: not in git diff --numstat`);
      continue;
    }
    const n = numstat.get(path)!;
    const ours = f.binary ? 'binary' : `+${f.insertions} -${f.deletions}`;
    const theirs = n === null ? 'binary' : `+${n.insertions} -${n.deletions}`;
    if (ours !== theirs) problems.push(`${path}: parsed ${ours}, git counts ${theirs}`);
  }
  for (const p of numstat.keys()) if (!seen.has(p)) problems.push(`${p}: in git diff --numstat but not in the parsed diff`);
  return problems;
}

/**
 * Captures a step's change as a patch artifact: `git diff --binary --full-index -M <base> <commit>`, parsed, with
 * scope metrics computed from the parse and checked against `git diff --numstat` (a mismatch is reported, and the
 * patch is rejected), and the size of every written blob read from the object store.
 */
export async function captureStepPatch(c: StepPatchCapture): Promise<CapturedPatch> {
  const [diffText, numstat] = await Promise.all([readDiff(c.root, c.base, c.commit), readNumstat(c.root, c.base, c.commit)]);
  const built = buildPatchArtifact({
    patchId: c.patchId,
    targetRepo: c.root,
    baseCommit: c.base,
    ...(c.baseRef !== undefined ? { baseRef: c.baseRef } : {}),
    origin: c.origin,
    ...(c.summary !== undefined ? { summary: c.summary } : {}),
    diffText,
  });
  if (!built.parsed.ok) return { ...built, sizes: new Map() };
  const files = built.parsed.files;
  const problems = compareNumstat(files, numstat);
  const blobSizes = await readBlobSizes(c.root, files.flatMap((f) => (f.newBlob ? [f.newBlob] : [])));
  const sizes = new Map<string, number>();
  for (const f of files) {
    const size = f.newBlob !== undefined ? blobSizes.get(f.newBlob) : undefined;
    if (f.newPath !== null && size !== undefined) sizes.set(f.newPath, size);
  }
  return { ...built, sizes, ...(problems.length ? { numstatMismatch: `the diff and git diff --numstat disagree: ${problems.join('; ')}` } : {}) };
}
