import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist } from './support/build-dist.js';
import { createActionRepo, git, RUN_ID, runAction, stepInputs } from './support/action-repo.js';

beforeAll(buildDist);

describe('action: execute then integrate (bundled dist, real git)', () => {
  it('executes the shell step into patch_dir, then integrates it into uet/run/<id> and the ledger', async () => {
    const repo = createActionRepo({ command: 'echo hello > hello.txt', validation: 'grep -q hello hello.txt' });
    const patchDir = join(repo.root, 'patch');

    const exec = await runAction(repo.clone('exec'), stepInputs(patchDir, 'execute'));
    expect(exec.code, exec.stdout + exec.stderr).toBe(0);
    expect(exec.outputs).toMatchObject({ conclusion: 'success', ledger_state: 'validated', patch_path: patchDir, cost_usd: '0' });
    expect(exec.outputs.patch_id).toMatch(/^[0-9A-Z]{26}$/);
    const artifact = JSON.parse(readFileSync(join(patchDir, 'patch.json'), 'utf8')) as { patch_id: string; scope: { files_touched: string[] } };
    expect(artifact.patch_id).toBe(exec.outputs.patch_id);
    expect(artifact.scope.files_touched).toEqual(['hello.txt']);
    expect(JSON.parse(readFileSync(join(patchDir, 'attempt.json'), 'utf8'))).toMatchObject({ node_id: 's1', ok: true, validation: 'passed', tool_id: 'shell' });
    expect(exec.summary).toContain('<th>Patch scope</th>');
    expect(exec.summary).toContain('1 file, +1 −0');
    // execute is read-only: nothing moved on origin
    expect(repo.refSha(`refs/heads/uet/run/${RUN_ID}`)).toBe(repo.mainSha);
    expect(repo.ledgerEvents()).toHaveLength(1);

    const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'));
    expect(integ.code, integ.stdout + integ.stderr).toBe(0);
    expect(integ.outputs).toMatchObject({ conclusion: 'success', ledger_state: 'committed', patch_id: artifact.patch_id });
    const tip = repo.refSha(`refs/heads/uet/run/${RUN_ID}`)!;
    expect(git(repo.bare, ['rev-parse', `${tip}^`])).toBe(repo.mainSha);
    expect(git(repo.bare, ['show', `${tip}:hello.txt`])).toBe('hello');
    const message = git(repo.bare, ['log', '-1', '--format=%B', tip]);
    expect(message).toContain(`UET-Run: ${RUN_ID}`);
    expect(message).toContain('UET-Step: s1');
    expect(message).toContain(`UET-Patch: ${artifact.patch_id}`);
    expect(message).toContain('UET-Attempt: 1');
    expect(repo.refSha(`refs/heads/uet/step/${RUN_ID}/s1`)).toBe(tip);

    // the claimed start (route + step_started), the patch's ledger states, then the outcome
    const events = repo.ledgerEvents();
    expect(events.map((e) => e.type)).toEqual(['run_created', 'route_decided', 'step_started', 'patch_created', 'patch_validated', 'patch_applied', 'patch_committed', 'step_succeeded']);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(events.at(-1)!.data).toMatchObject({ step_id: 's1', attempt: 1, commit: tip, patch_id: artifact.patch_id });
    expect(JSON.parse(repo.ledgerFile(`ledger/${artifact.patch_id}.json`))).toMatchObject({ state: 'committed', commit: tip });
    expect(repo.refSha(`refs/uet/runs/${RUN_ID}-start/s1/1`)).toBeNull();

    // A re-run of the integrate job finds the outcome recorded and writes nothing.
    const again = await runAction(repo.clone('again'), stepInputs(patchDir, 'integrate'));
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.outputs.ledger_state).toBe('already_recorded');
    expect(repo.ledgerEvents()).toHaveLength(8);
    expect(existsSync(join(patchDir, 'patch.json'))).toBe(true);
  });
});
