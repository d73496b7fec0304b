import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist } from './support/build-dist.js';
import { createActionRepo, RUN_ID, runAction, stepInputs } from './support/action-repo.js';

beforeAll(buildDist);

const runRef = `refs/heads/uet/run/${RUN_ID}`;

describe('action: policy and validation', () => {
  it('quarantines a patch touching .github/workflows/ in execute, and integrate records it without integrating', async () => {
    const repo = createActionRepo({ command: 'mkdir -p .github/workflows && echo "on: push" > .github/workflows/x.yml', validation: 'true' });
    const patchDir = join(repo.root, 'patch');
    const exec = await runAction(repo.clone('exec'), stepInputs(patchDir, 'execute'));
    expect(exec.code, exec.stderr).toBe(0);
    expect(exec.outputs).toMatchObject({ conclusion: 'failure', ledger_state: 'quarantined' });
    expect(exec.summary).toContain('always_forbidden .github/workflows/x.yml');
    expect(JSON.parse(readFileSync(join(patchDir, 'attempt.json'), 'utf8'))).toMatchObject({ ok: false, error_class: 'policy_violation', validation: 'skipped' });

    const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'));
    expect(integ.code).toBe(1);
    expect(integ.stdout).toContain('::error::');
    expect(integ.outputs).toMatchObject({ conclusion: 'failure', ledger_state: 'quarantined' });
    expect(repo.refSha(runRef)).toBe(repo.mainSha);
    const events = repo.ledgerEvents();
    expect(events.map((e) => e.type).slice(-3)).toEqual(['patch_created', 'patch_quarantined', 'step_failed']);
    expect(events.at(-1)!.data).toMatchObject({ error_class: 'policy_violation' });
  });

  it('refuses a forged artifact in integrate: a clean attempt record whose diff now touches a workflow', async () => {
    const repo = createActionRepo({ command: 'echo hello > hello.txt' });
    const patchDir = join(repo.root, 'patch');
    const exec = await runAction(repo.clone('exec'), stepInputs(patchDir, 'execute'));
    expect(exec.outputs).toMatchObject({ conclusion: 'success', ledger_state: 'validated' });
    const path = join(patchDir, 'patch.json');
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll('hello.txt', '.github/workflows/x.yml'));

    const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'));
    expect(integ.code).toBe(1);
    expect(integ.outputs).toMatchObject({ conclusion: 'failure', ledger_state: 'quarantined' });
    expect(repo.refSha(runRef)).toBe(repo.mainSha);
    expect(repo.refSha(`refs/heads/uet/step/${RUN_ID}/s1`)).toBeNull();
    const events = repo.ledgerEvents();
    const quarantined = events.find((e) => e.type === 'patch_quarantined');
    // its diff no longer matches the hash it claims (forged), and it breaks the always-forbidden rule
    expect(quarantined?.data).toMatchObject({ quarantine_reason: 'forged' });
    expect(JSON.stringify(quarantined?.data)).toContain('always_forbidden');
    expect(JSON.stringify(quarantined?.data)).toContain('.github/workflows/x.yml');
    expect(events.at(-1)!.data).toMatchObject({ error_class: 'policy_violation' });
  });

  it('quarantines as forged, without crashing, a patch.json that is not a patch artifact at all', async () => {
    const repo = createActionRepo({ command: 'echo hello > hello.txt' });
    const patchDir = join(repo.root, 'patch');
    const exec = await runAction(repo.clone('exec'), stepInputs(patchDir, 'execute'));
    expect(exec.outputs).toMatchObject({ conclusion: 'success', ledger_state: 'validated' });
    writeFileSync(join(patchDir, 'patch.json'), JSON.stringify({ patch_id: '../../../evil' }));

    const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'));
    expect(integ.outputs, integ.stdout + integ.stderr).toMatchObject({ conclusion: 'failure', ledger_state: 'quarantined' });
    expect(repo.refSha(runRef)).toBe(repo.mainSha);
    const quarantined = repo.ledgerEvents().find((e) => e.type === 'patch_quarantined');
    expect(quarantined?.data).toMatchObject({ quarantine_reason: 'forged' });
    expect((quarantined?.data as { patch_id: string }).patch_id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('a failing validation concludes failure and integrates nothing', async () => {
    const repo = createActionRepo({ command: 'echo hello > hello.txt', validation: 'echo broken >&2; exit 3' });
    const patchDir = join(repo.root, 'patch');
    const exec = await runAction(repo.clone('exec'), stepInputs(patchDir, 'execute'));
    expect(exec.code, exec.stderr).toBe(0);
    expect(exec.outputs).toMatchObject({ conclusion: 'failure', ledger_state: 'rejected' });
    expect(exec.summary).toContain('<td>failed</td>');

    const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'));
    expect(integ.code).toBe(1);
    expect(integ.outputs).toMatchObject({ conclusion: 'failure', ledger_state: 'rejected' });
    expect(repo.refSha(runRef)).toBe(repo.mainSha);
    const events = repo.ledgerEvents();
    expect(events.map((e) => e.type).slice(-3)).toEqual(['patch_created', 'patch_rejected', 'step_failed']);
    expect(events.at(-1)!.data).toMatchObject({ error_class: 'validation_failed', exit_code: 3 });
  });

  it('records a failure, not a success, when patch_dir lost the patch the attempt record names', async () => {
    const repo = createActionRepo({ command: 'echo hello > hello.txt' });
    const patchDir = join(repo.root, 'patch');
    await runAction(repo.clone('exec'), stepInputs(patchDir, 'execute'));
    rmSync(join(patchDir, 'patch.json'));
    const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'));
    expect(integ.code).toBe(1);
    expect(repo.refSha(runRef)).toBe(repo.mainSha);
    expect(repo.ledgerEvents().at(-1)).toMatchObject({ type: 'step_failed', data: { error_class: 'permanent' } });
  });
});
