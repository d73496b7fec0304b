import type { PatchScope } from '../contracts/index.js';
import { filePath, type FilePatch } from './diff-types.js';

/**
 * The scope metrics of a parsed diff, as patch_artifact.scope states them: files touched (renamed files under their
 * new path), lines inserted and deleted (as git diff --numstat counts them: binary files count none), @@ hunks,
 * and the created, deleted, renamed and binary files. Optional lists are present only when non-empty.
 */
export function buildPatchScope(files: readonly FilePatch[]): PatchScope {
  const touched = new Set<string>();
  const created = new Set<string>();
  const deleted = new Set<string>();
  const binary = new Set<string>();
  const renamed: { from: string; to: string }[] = [];
  let [insertions, deletions, hunks] = [0, 0, 0];
  for (const f of files) {
    const path = filePath(f);
    touched.add(path);
    insertions += f.insertions;
    deletions += f.deletions;
    hunks += f.hunks.length;
    if (f.change === 'added' || f.change === 'copied') created.add(path);
    if (f.change === 'deleted') deleted.add(path);
    if (f.change === 'renamed' && f.oldPath !== null && f.newPath !== null) renamed.push({ from: f.oldPath, to: f.newPath });
    if (f.binary) binary.add(path);
  }
  return {
    files_touched: [...touched],
    line_insertions: insertions,
    line_deletions: deletions,
    hunks,
    ...(created.size ? { files_created: [...created] } : {}),
    ...(deleted.size ? { files_deleted: [...deleted] } : {}),
    ...(renamed.length ? { files_renamed: renamed } : {}),
    ...(binary.size ? { binary_files: [...binary] } : {}),
  };
}
