/** A file a commit range changes, as compare and the pull request files list give it. */
export interface DiffFile {
  readonly filename: string;
  readonly status: string;
  readonly additions: number;
  readonly deletions: number;
}

/** What a git storage's three-dot compare of `base...head` finds. */
export interface Comparison {
  readonly mergeBase: string;
  readonly ahead: number;
  readonly behind: number;
  /** The commits of `head` since the merge base, oldest first. */
  readonly commits: readonly string[];
  readonly files: readonly DiffFile[];
}

export const diffFileJson = (f: DiffFile) => ({
  ...f,
  changes: f.additions + f.deletions,
  sha: '',
  blob_url: '',
  raw_url: '',
  contents_url: '',
});

export const compareJson = (c: Comparison) => ({
  status: c.ahead && c.behind ? 'diverged' : c.ahead ? 'ahead' : c.behind ? 'behind' : 'identical',
  ahead_by: c.ahead,
  behind_by: c.behind,
  total_commits: c.ahead,
  merge_base_commit: { sha: c.mergeBase },
  commits: c.commits.map((sha) => ({ sha })),
  files: c.files.map(diffFileJson),
});
