import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist } from './support/build-dist.js';
import { createActionRepo, RUN_ID, runAction, stepInputs } from './support/action-repo.js';

beforeAll(buildDist);

describe('action integrate: a forged attempt record is refused before anything reaches the ledger', () => {
  it('a 5 MB message, or a claude success that cost nothing: the job fails saying which field, the ledger and run branch stay as they were', async () => {
    const repo = createActionRepo({ command: 'echo hello > hello.txt' });
    const patchDir = join(repo.root, 'patch');
    await runAction(repo.clone('exec'), stepInputs(patchDir, 'execute'));
    const file = join(patchDir, 'attempt.json');
    const honest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const before = repo.ledgerFile('events.jsonl');
    for (const [forged, why] of [
      [{ ...honest, ok: false, error_class: 'permanent', message: 'x'.repeat(5 * 1024 * 1024) }, /message: expected a string of at most 16384 characters, got a string of 5242880 characters/],
      [{ ...honest, tool_id: 'claude', cost_usd: 0 }, /cost_usd: a successful claude step reports what it cost, got 0/],
    ] as const) {
      writeFileSync(file, JSON.stringify(forged));
      const integ = await runAction(repo.clone(`integrate-${Math.random().toString(36).slice(2)}`), stepInputs(patchDir, 'integrate'));
      expect(integ.code).toBe(1);
      expect(integ.stdout).toMatch(why);
      expect(repo.ledgerFile('events.jsonl')).toBe(before);
      expect(repo.refSha(`refs/heads/uet/run/${RUN_ID}`)).toBe(repo.mainSha);
    }
  });
});
