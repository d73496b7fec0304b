import { prepareLocalRun } from '../../../src/adapters/executor/prepare-local-run.js';
import { readCommitConfigArgs } from '../../../src/adapters/git/commit-identity.js';
import { gitCommonDir } from '../../../src/adapters/git/repo-queries.js';
import { createPatchContext } from '../../../src/adapters/patch/create-patch-context.js';
import { readDiff } from '../../../src/adapters/patch/read-diff.js';
import { createSystemClock } from '../../../src/adapters/system-clock.js';
import { createUlidSource } from '../../../src/adapters/ulid-source.js';
import { PATCH_POLICY_DEFAULTS } from '../../../src/core/patch/index.js';
import { createTempRepo, git, writeFiles } from '../helpers/temp-repo.js';

/** A repository with a local run prepared, and what the artifact pipeline needs on it. */
export async function patchRepo(files: Record<string, string> = { 'README.md': 'hello\n', 'src/a.txt': 'one\ntwo\nthree\n' }) {
  const root = await createTempRepo(files);
  const clock = createSystemClock();
  const ids = createUlidSource(clock);
  const runId = ids.newId();
  const { baseCommit } = await prepareLocalRun(root, runId);
  const patches = createPatchContext(root, { clock, ids });
  const run = { patches, commonDir: await gitCommonDir(root), configArgs: await readCommitConfigArgs(root), mergeBaseOption: false, runId, policy: PATCH_POLICY_DEFAULTS };
  const tip = () => git(root, 'rev-parse', `uet/run/${runId}`);
  /** An honest artifact: the diff of `edit` made on a scratch branch from `from` (default the run-branch tip). */
  async function artifactFor(edit: Record<string, string>, from?: string) {
    const start = from ?? (await tip());
    await git(root, 'worktree', 'add', '-q', '--detach', `${root}/../scratch-${runId}`, start);
    const wt = `${root}/../scratch-${runId}`;
    await writeFiles(wt, edit);
    await git(wt, 'add', '-A');
    await git(wt, 'commit', '-q', '-m', 'scratch');
    const commit = await git(wt, 'rev-parse', 'HEAD');
    await git(root, 'worktree', 'remove', '--force', wt);
    const diff = await readDiff(root, start, commit);
    return { patch_id: ids.newId(), format: 'unified_diff', target_repo: root, base_commit: start, origin: { run_id: runId, tool_id: 'aider', created_at: new Date().toISOString() }, summary: 'edit', scope: { files_touched: Object.keys(edit), line_insertions: 0, line_deletions: 0, hunks: 0 }, diff_text: diff };
  }
  return { root, runId, baseCommit, patches, run, tip, artifactFor };
}
