import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist } from './support/build-dist.js';
import { createActionRepo, RUN_ID, runAction, stepInputs } from './support/action-repo.js';

beforeAll(buildDist);

const GATE = 'gate:code:unit';
const gateInputs = (patchDir: string, mode: string) => ({ ...stepInputs(patchDir, mode), step_id: GATE });

describe('action: gate mode', () => {
  it('runs the gate command in the checkout, and integrate records gate_started and gate_completed', async () => {
    const repo = createActionRepo({ command: 'echo hello > hello.txt', gate: 'test -f README.md && echo gate-ran' });
    const patchDir = join(repo.root, 'patch');
    const gate = await runAction(repo.clone('gate'), gateInputs(patchDir, 'gate'));
    expect(gate.code, gate.stdout + gate.stderr).toBe(0);
    expect(gate.outputs).toMatchObject({ conclusion: 'success', ledger_state: 'none', patch_id: '' });

    const integ = await runAction(repo.clone('integrate'), gateInputs(patchDir, 'integrate'));
    expect(integ.code, integ.stdout + integ.stderr).toBe(0);
    const events = repo.ledgerEvents();
    expect(events.map((e) => e.type).slice(-2)).toEqual(['gate_started', 'gate_completed']);
    expect(events.at(-1)!.data).toMatchObject({ gate_id: 'unit', passed: true, ws_id: 'code' });
    expect(repo.refSha(`refs/heads/uet/run/${RUN_ID}`)).toBe(repo.mainSha);
  });

  it('refuses mode gate for a step before running anything', async () => {
    const repo = createActionRepo({ command: 'touch ran.txt' });
    const workspace = repo.clone('gate');
    const run = await runAction(workspace, stepInputs(join(repo.root, 'patch'), 'gate'));
    expect(run.code).toBe(1);
    expect(existsSync(join(workspace, 'ran.txt'))).toBe(false);
    expect(run.stdout).toContain('::error::mode gate: s1 is a step, not a gate');
  });
});
