import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_FILE, ledgerRef } from '../../src/adapters/github/ledger-layout.js';
import type { WorkstreamBundle } from '../../src/core/contracts/index.js';
import { buildRunCreated } from '../../src/core/run/index.js';
import { buildDist } from './support/build-dist.js';
import { createActionRepo, RUN_ID, runAction, stepInputs, type ActionRepo } from './support/action-repo.js';

beforeAll(buildDist);

/** The run's ledger again, as the app records it: run_created with the repository owner's policy (.github/uet.yml). */
function withRepoPolicy(repo: ActionRepo, repoPolicy: Record<string, unknown>): void {
  const [created] = repo.ledgerEvents();
  const data = created!.data as { bundle: WorkstreamBundle; options: Record<string, unknown>; origin: Parameters<typeof buildRunCreated>[1]['origin'] };
  const again = buildRunCreated(RUN_ID, { bundle: data.bundle, options: { ...data.options, repo_policy: { source: '.github/uet.yml on main', ...repoPolicy } }, origin: data.origin }, created!.ts, created!.event_id);
  repo.commitOn(`refs/${ledgerRef(RUN_ID)}`, { [EVENTS_FILE]: `${JSON.stringify(again)}\n` }, null, `uet: run ${RUN_ID} created`);
}

describe("action: the repository owner's policy (.github/uet.yml, recorded in run_created) holds for every patch", () => {
  it('a patch over the config\'s max_files_changed (the bundle sets none) is quarantined in execute, and again in integrate when the record lies', async () => {
    const repo = createActionRepo({ command: 'echo a > a.txt && echo b > b.txt' });
    withRepoPolicy(repo, { max_files_changed: 1, forbidden_paths: ['infra/**'] });
    const patchDir = join(repo.root, 'patch');
    const exec = await runAction(repo.clone('exec'), stepInputs(patchDir, 'execute'));
    expect(exec.outputs).toMatchObject({ conclusion: 'failure', ledger_state: 'quarantined' });
    expect(readFileSync(join(patchDir, 'attempt.json'), 'utf8')).toMatch(/max_files_changed.*2 files changed, the policy allows 1/);

    // A compromised execute job says the patch passed: integrate holds it to the recorded policy itself.
    const file = join(patchDir, 'attempt.json');
    const record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...record, ok: true, policy: { passed: true, violations: [] }, validation: 'none', message: undefined, error_class: undefined }));
    const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'));
    expect(integ.outputs, integ.stdout).toMatchObject({ conclusion: 'failure', ledger_state: 'quarantined' });
    expect(repo.refSha(`refs/heads/uet/run/${RUN_ID}`)).toBe(repo.mainSha);
    const quarantined = repo.ledgerEvents().find((e) => e.type === 'patch_quarantined');
    expect(JSON.stringify(quarantined?.data)).toMatch(/max_files_changed: 2 files changed, the policy allows 1/);
  });
});
