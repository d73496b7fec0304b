import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Of } from '../../src/core/patch/index.js';
import { buildDist } from './support/build-dist.js';
import { createActionRepo, git, RUN_ID, runAction, stepInputs, type ActionRepo } from './support/action-repo.js';

beforeAll(buildDist);

const PATCH_ID = '01KANZHRDGXD02XAFQQCQFF5ZG';
const runRef = `refs/heads/uet/run/${RUN_ID}`;

/** What a compromised sandbox hands over: a clean record and a self-consistent patch.json on the base it chooses. */
function forgeExecute(repo: ActionRepo, dir: string, base: string, diff: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'attempt.json'), JSON.stringify({ run_id: RUN_ID, node_id: 's1', attempt: 1, kind: 'step', tool_id: 'shell', ok: true, duration_ms: 10, started_at: new Date().toISOString(), patch_id: PATCH_ID, files_changed: 1, policy: { passed: true, violations: [] }, validation: 'none' }));
  const lines = diff.split('\n');
  writeFileSync(
    join(dir, 'patch.json'),
    JSON.stringify({
      patch_id: PATCH_ID,
      format: 'unified_diff',
      target_repo: 'acme/widgets',
      base_commit: base,
      origin: { run_id: RUN_ID, ws_id: 'code', step_id: 's1', attempt: 1, tool_id: 'shell', created_at: new Date().toISOString() },
      scope: { files_touched: ['README.md'], line_insertions: lines.filter((l) => l.startsWith('+') && !l.startsWith('+++ ')).length, line_deletions: lines.filter((l) => l.startsWith('-') && !l.startsWith('--- ')).length, hunks: 1 },
      diff_sha256: sha256Of(diff),
      diff_text: diff,
    }),
  );
}

describe('action integrate: a patch is applied only on a base the run holds (issue 14 item 1)', () => {
  it("a forged base_commit on another branch is quarantined as forged, before anything is pushed", async () => {
    const repo = createActionRepo({ command: 'true' });
    // A commit the run never had: another branch where README.md says something else (say, with a workflow added).
    const elsewhere = repo.commitOn('refs/heads/elsewhere', { 'README.md': '# not widgets\n' }, repo.mainSha, 'elsewhere');
    const patchDir = join(repo.root, 'patch');
    forgeExecute(repo, patchDir, elsewhere, 'diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-# not widgets\n+# hello\n');
    const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'));
    expect(integ.code, integ.stdout + integ.stderr).toBe(1);
    expect(integ.outputs).toMatchObject({ conclusion: 'failure', ledger_state: 'quarantined' });
    const quarantined = repo.ledgerEvents().find((e) => e.type === 'patch_quarantined');
    expect(quarantined?.data).toMatchObject({ quarantine_reason: 'forged' });
    expect(JSON.stringify(quarantined?.data)).toContain('base_not_on_run');
    expect(repo.refSha(runRef)).toBe(repo.mainSha);
    expect(repo.refSha(`refs/heads/uet/step/${RUN_ID}/s1`)).toBeNull();
    expect(git(repo.bare, ['for-each-ref', '--format=%(refname)', 'refs/heads/uet/'])).not.toContain('step/');
  });

  it('control: the same diff on the run\'s own base lands', async () => {
    const repo = createActionRepo({ command: 'true' });
    const patchDir = join(repo.root, 'patch');
    forgeExecute(repo, patchDir, repo.mainSha, 'diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-# widgets\n+# hello\n');
    const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'));
    expect(integ.outputs, integ.stdout + integ.stderr).toMatchObject({ conclusion: 'success', ledger_state: 'committed' });
    expect(repo.refSha(runRef)).not.toBe(repo.mainSha);
  });
});
