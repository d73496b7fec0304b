import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTempRepo, git } from '../adapters/helpers/temp-repo.js';
import { repairBundleYaml } from '../fixtures/repair-bundle.js';
import { runUet } from './run-uet.js';

// The repair loop of a gate with `uet run` (issue 17 item 2, locally): real git, real shell steps. The gate reads
// value.txt; the repair fixes it only on its second round (the first leaves a marker), so the loop needs two.

function repairBundle(dir: string, maxAttempts: number): string {
  const file = join(dir, `repair-${maxAttempts}.yaml`);
  writeFileSync(file, repairBundleYaml(maxAttempts));
  return file;
}

const env = { PATH: process.env.PATH ?? '' };

async function trailers(dir: string, branch: string): Promise<string[]> {
  const out = await git(dir, 'log', '--reverse', '--format=%(trailers:key=UET-Step,valueonly)', `main..${branch}`);
  return out.split('\n').map((s) => s.trim()).filter(Boolean);
}

describe('uet run: the repair loop of a gate', () => {
  it('fixes a failing gate on the second attempt: each repair is a step of the log and a commit on the run branch', async () => {
    const dir = await createTempRepo({ 'README.md': 'x\n' });
    await git(dir, 'branch', '-M', 'main');
    const plan = await runUet(['plan', repairBundle(dir, 3), '--repo', dir], { env });
    expect(plan.stdout).toContain('on failure: up to 3 repairs by shell, each followed by the gate again (steps code.unit.repair-1, code.unit.repair-2, code.unit.repair-3)');

    const r = await runUet(['run', repairBundle(dir, 3), '--repo', dir, '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const status = JSON.parse((await runUet(['status', '--repo', dir, '--json'], { env })).stdout) as {
      run_record: { state: string; run_id: string };
      events: { type: string; data: Record<string, unknown> }[];
    };
    expect(status.run_record.state).toBe('succeeded');
    const branch = `uet/run/${status.run_record.run_id}`;
    expect(await git(dir, 'show', `${branch}:value.txt`)).toBe('good');
    // s1, then repair 1 (the marker), then repair 2 (the fix): the third round was not needed.
    expect(await trailers(dir, branch)).toEqual(['s1', 'code.unit.repair-1', 'code.unit.repair-2']);
    const gates = await runUet(['status', '--repo', dir], { env });
    expect(gates.stdout).toContain('gate GATE_TEST unit (code): passed; repair 2 of 3 (code.unit.repair-2) succeeded');
  }, 120_000);

  it('stops after max_attempts: the gate fails for good with its last output, and the run fails', async () => {
    const dir = await createTempRepo({ 'README.md': 'x\n' });
    await git(dir, 'branch', '-M', 'main');
    const r = await runUet(['run', repairBundle(dir, 1), '--repo', dir], { env });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/gate unit \(code\) failed with exit 3[\s\S]*step code\.unit\.repair-1 succeeded[\s\S]*gate unit \(code\) failed with exit 3/);
    expect(r.stdout).not.toContain('repair-2');
    const status = await runUet(['status', '--repo', dir, '--json'], { env });
    const parsed = JSON.parse(status.stdout) as { run_record: { state: string; run_id: string } };
    expect(parsed.run_record.state).toBe('failed');
    expect(await trailers(dir, `uet/run/${parsed.run_record.run_id}`)).toEqual(['s1', 'code.unit.repair-1']);
    const logs = await runUet(['logs', parsed.run_record.run_id, 'gate:unit', '--attempt', '2', '--repo', dir], { env });
    expect(logs.stdout).toContain('value.txt holds bad');
  }, 120_000);
});
