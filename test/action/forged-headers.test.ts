import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_FILE, ledgerRef } from '../../src/adapters/github/ledger-layout.js';
import type { WorkstreamBundle } from '../../src/core/contracts/index.js';
import { buildRunCreated } from '../../src/core/run/index.js';
import { buildDist } from './support/build-dist.js';
import { createActionRepo, git, RUN_ID, runAction, stepInputs, type ActionRepo } from './support/action-repo.js';
import { forgeExecute } from './support/forge-execute.js';

beforeAll(buildDist);

const runRef = `refs/heads/uet/run/${RUN_ID}`;

/** The run's ledger again, its bundle with a patch policy: docs/ only, never infra/. */
function withPolicy(repo: ActionRepo): void {
  const [created] = repo.ledgerEvents();
  const data = created!.data as { bundle: WorkstreamBundle; options: Record<string, unknown>; origin: Parameters<typeof buildRunCreated>[1]['origin'] };
  const bundle = { ...data.bundle, patch_policy: { allowed_paths: ['docs/**'], forbidden_paths: ['infra/**'] } };
  const again = buildRunCreated(RUN_ID, { bundle, options: data.options, origin: data.origin }, created!.ts, created!.event_id);
  repo.commitOn(`refs/${ledgerRef(RUN_ID)}`, { [EVENTS_FILE]: `${JSON.stringify(again)}\n` }, null, `uet: run ${RUN_ID} created`);
}

const TRICKS: { name: string; diff: string; claimed: string[]; reason: string }[] = [
  { name: 'the docs/infra/prod.tf trick (a/-less header, written as infra/prod.tf)', diff: 'diff --git docs/infra/prod.tf docs/infra/prod.tf\nnew file mode 100644\n--- /dev/null\n+++ docs/infra/prod.tf\n@@ -0,0 +1 @@\n+resource "evil" {}\n', claimed: ['docs/infra/prod.tf'], reason: 'forged' },
  { name: 'the .github/workflows/evil.yml trick', diff: 'diff --git x/.github/workflows/evil.yml x/.github/workflows/evil.yml\nnew file mode 100644\n--- /dev/null\n+++ x/.github/workflows/evil.yml\n@@ -0,0 +1 @@\n+on: push\n', claimed: ['x/.github/workflows/evil.yml'], reason: 'forged' },
  { name: 'a rename header trick (rename to infra/)', diff: 'diff --git a/docs/README.md b/docs/README.md\nsimilarity index 100%\nrename from README.md\nrename to infra/README.md\n', claimed: ['docs/README.md'], reason: 'forged' },
  { name: 'a symlink-then-file trick (docs/sub -> ../infra, then docs/sub/prod.tf)', diff: 'diff --git a/docs/sub b/docs/sub\nnew file mode 120000\n--- /dev/null\n+++ b/docs/sub\n@@ -0,0 +1 @@\n+../infra\n\\ No newline at end of file\ndiff --git a/docs/sub/prod.tf b/docs/sub/prod.tf\nnew file mode 100644\n--- /dev/null\n+++ b/docs/sub/prod.tf\n@@ -0,0 +1 @@\n+x\n', claimed: ['docs/sub', 'docs/sub/prod.tf'], reason: 'policy_violation' },
  { name: 'a --- a/x vs diff --git disagreement', diff: 'diff --git a/docs/a.md b/docs/a.md\nnew file mode 100644\n--- /dev/null\n+++ b/infra/a.md\n@@ -0,0 +1 @@\n+x\n', claimed: ['docs/a.md'], reason: 'forged' },
];

describe('action integrate: a forged header cannot write outside the policy (bundled dist, real git)', () => {
  for (const t of TRICKS) {
    it(`quarantines ${t.name}; nothing reaches the run branch or a step branch`, async () => {
      const repo = createActionRepo({ command: 'true' });
      withPolicy(repo);
      const patchDir = join(repo.root, 'patch');
      forgeExecute(patchDir, { base: repo.mainSha, diff: t.diff, claimed: t.claimed });
      const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'));
      expect(integ.outputs, integ.stdout + integ.stderr).toMatchObject({ conclusion: 'failure', ledger_state: 'quarantined' });
      expect(repo.refSha(runRef)).toBe(repo.mainSha);
      expect(repo.refSha(`refs/heads/uet/step/${RUN_ID}/s1`)).toBeNull();
      expect(git(repo.bare, ['for-each-ref', '--format=%(refname)'])).not.toMatch(/infra|workflows/);
      const quarantined = repo.ledgerEvents().find((e) => e.type === 'patch_quarantined');
      expect(quarantined?.data).toMatchObject({ quarantine_reason: t.reason });
      expect(repo.ledgerEvents().at(-1)).toMatchObject({ type: 'step_failed', data: { error_class: 'policy_violation' } });
    });
  }

  it('judges what git wrote against the headers: a hunk git writes as no change is forged, quarantined before any push', async () => {
    const repo = createActionRepo({ command: 'true' });
    const patchDir = join(repo.root, 'patch');
    // Honest headers, but a no-op hunk: git writes nothing for the path the diff names.
    forgeExecute(patchDir, { base: repo.mainSha, diff: 'diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-# widgets\n+# widgets\n', claimed: ['README.md'] });
    const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'));
    expect(integ.outputs, integ.stdout + integ.stderr).toMatchObject({ conclusion: 'failure', ledger_state: 'quarantined' });
    const quarantined = repo.ledgerEvents().find((e) => e.type === 'patch_quarantined');
    expect(JSON.stringify(quarantined?.data)).toContain('written_mismatch');
    expect(repo.refSha(runRef)).toBe(repo.mainSha);
    expect(repo.refSha(`refs/heads/uet/step/${RUN_ID}/s1`)).toBeNull();
  });
});
