import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNodeCheck } from '../../src/app/render/build-node-check.js';
import { fold } from '../../src/core/run/index.js';
import { buildDist } from './support/build-dist.js';
import { createActionRepo, runAction, stepInputs } from './support/action-repo.js';

beforeAll(buildDist);

// A key the job holds (a self-hosted runner's environment, or a workflow that references a secret it should not),
// and the job's own token (runAction's INPUT_TOKEN).
const KEY = 'sk-ant-api03-canary-Gq7Wm2Xc9Vb4Nz6Lp1Ks8Dj3Fh5Ty0Ru';
const TOKEN = 'ghs_not_a_real_token';
const GATE = 'gate:code:unit';
const gateInputs = (patchDir: string, mode: string) => ({ ...stepInputs(patchDir, mode), step_id: GATE });
/** The gate prints its own environment and its parent's: the action process, which holds what the job holds. */
const PRINT_ENV = 'env; tr "\\0" "\\n" < /proc/$PPID/environ; exit 3';

describe('attack: a gate that prints the environment puts no secret into gate_completed.output_tail or the check run (issue 14 item 2)', () => {
  it('the gate reaches the values (control), and attempt.json, the ledger and the check-run text hold them redacted', async () => {
    const repo = createActionRepo({ command: 'echo hello > hello.txt', gate: PRINT_ENV });
    const patchDir = join(repo.root, 'patch');
    const gate = await runAction(repo.clone('gate'), gateInputs(patchDir, 'gate'), { ANTHROPIC_API_KEY: KEY });
    expect(gate.outputs, gate.stdout + gate.stderr).toMatchObject({ conclusion: 'failure' });
    const attempt = readFileSync(join(patchDir, 'attempt.json'), 'utf8');
    // The attack reached both values: they were in the output, and were replaced.
    expect(attempt).toContain('[redacted ANTHROPIC_API_KEY]');
    expect(attempt).toContain('[redacted INPUT_TOKEN]');
    for (const text of [attempt, gate.summary, JSON.stringify(gate.outputs)]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(TOKEN);
    }

    const integ = await runAction(repo.clone('integrate'), gateInputs(patchDir, 'integrate'));
    expect(integ.outputs, integ.stdout + integ.stderr).toMatchObject({ conclusion: 'failure' }); // the gate failed (exit 3)
    const events = repo.ledgerEvents();
    const completed = events.find((e) => e.type === 'gate_completed');
    expect(completed?.data).toMatchObject({ gate_id: 'unit', passed: false, exit_code: 3 });
    const tail = (completed!.data as { output_tail: string }).output_tail;
    expect(tail).toContain('[redacted ANTHROPIC_API_KEY]');
    // What the app shows: the gate's check run is rendered from this event.
    const check = buildNodeCheck(fold(events), events, GATE, 1);
    expect(check.text).toContain('[redacted INPUT_TOKEN]');
    for (const text of [repo.ledgerFile('events.jsonl'), JSON.stringify(check)]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(TOKEN);
    }
  });
});
