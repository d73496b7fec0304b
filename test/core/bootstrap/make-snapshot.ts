import type { RepoSnapshot } from '../../../src/core/bootstrap/repo-snapshot.js';
import { wantsContent } from '../../../src/core/bootstrap/wants-content.js';

/** A snapshot of synthetic files: every file listed, the wanted ones with their text, sizes from the text. */
export function makeSnapshot(files: Record<string, string>, extra: Partial<RepoSnapshot> = {}): RepoSnapshot {
  const paths = Object.keys(files).sort();
  return {
    files: paths,
    contents: new Map(paths.filter(wantsContent).map((p) => [p, files[p]!])),
    sizes: new Map(paths.map((p) => [p, Buffer.byteLength(files[p]!)])),
    ...extra,
  };
}
