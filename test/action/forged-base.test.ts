import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist } from './support/build-dist.js';
import { createActionRepo, git, RUN_ID, runAction, stepInputs } from './support/action-repo.js';
import { forgeExecute } from './support/forge-execute.js';

beforeAll(buildDist);

const runRef = `refs/heads/uet/run/${RUN_ID}`;
const README_DIFF = (from: string) => `diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-${from}\n+# hello\n`;

describe('action integrate: a patch is applied only on a base the run holds (issue 14 item 1)', () => {
  it("a forged base_commit on another branch is quarantined as forged, before anything is pushed", async () => {
    const repo = createActionRepo({ command: 'true' });
    // A commit the run never had: another branch where README.md says something else (say, with a workflow added).
    const elsewhere = repo.commitOn('refs/heads/elsewhere', { 'README.md': '# not widgets\n' }, repo.mainSha, 'elsewhere');
    const patchDir = join(repo.root, 'patch');
    forgeExecute(patchDir, { base: elsewhere, diff: README_DIFF('# not widgets'), claimed: ['README.md'] });
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
    forgeExecute(patchDir, { base: repo.mainSha, diff: README_DIFF('# widgets'), claimed: ['README.md'] });
    const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'));
    expect(integ.outputs, integ.stdout + integ.stderr).toMatchObject({ conclusion: 'success', ledger_state: 'committed' });
    expect(repo.refSha(runRef)).not.toBe(repo.mainSha);
  });
});
