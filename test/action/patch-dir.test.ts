import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDirPatchStore, type AttemptRecord } from '../../src/action/patch-dir.js';

const RECORD: AttemptRecord = {
  run_id: '01KANZHJJ08AV9KT9MF4BWS95T',
  node_id: 'a1',
  attempt: 1,
  kind: 'step',
  tool_id: 'shell',
  ok: true,
  cost_usd: 0.25,
  duration_ms: 950,
  started_at: '2025-11-22T14:30:00.000Z',
  policy: { passed: true, violations: [] },
  validation: 'passed',
};

const storeWith = (record: unknown) => {
  const dir = mkdtempSync(join(tmpdir(), 'uet-patch-dir-'));
  writeFileSync(join(dir, 'attempt.json'), JSON.stringify(record));
  return createDirPatchStore(dir);
};

describe('the attempt record handed from execute to integrate', () => {
  it('reads a record the execute job writes', async () => {
    await expect(storeWith(RECORD).read()).resolves.toEqual({ record: RECORD, artifact: undefined });
  });

  it('refuses a forged record that would walk the budget back or break the fold, saying which field', async () => {
    await expect(storeWith({ ...RECORD, cost_usd: -1000 }).read()).rejects.toThrow(
      /attempt\.json is not an attempt record: cost_usd: expected a number ≥ 0, got -1000/,
    );
    await expect(storeWith({ ...RECORD, duration_ms: '5' }).read()).rejects.toThrow(
      /duration_ms: expected an integer ≥ 0/,
    );
    await expect(storeWith({ ...RECORD, ok: false, error_class: 'whatever' }).read()).rejects.toThrow(
      /error_class: expected one of timeout/,
    );
    await expect(storeWith({ ...RECORD, policy: null }).read()).rejects.toThrow(/policy: expected/);
    await expect(storeWith([]).read()).rejects.toThrow(/not a JSON object/);
  });
});
