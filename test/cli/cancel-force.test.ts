// Item 4 of issue 18: `uet cancel --force` on a run a live process drives. The driving process must say the run was
// canceled (not "interrupted; resume"), end it as canceled itself, and exit 1 (README: failed or canceled); `uet
// cancel` then reports it canceled, and `uet resume` says it already ended.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, git, makeTempDir, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { repoRoot, runUet } from './run-uet.js';

afterAll(removeTempDirs);

describe('uet cancel --force on a driven run (real processes)', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'pipe' });
  });

  it('the driver says canceled and exits 1; the run is canceled, its steps skipped, its step branches gone', async () => {
    const dir = await createTempRepo();
    const scratch = await makeTempDir('uet-cancel-');
    const marker = join(scratch, 'slow-started');
    const bundle = join(scratch, 'bundle.yaml');
    writeFileSync(
      bundle,
      `bundle_id: cancel-me\nworkstreams:\n  - ws_id: A\n    steps:\n      - {step_id: quick, tool_profile_id: shell, context: {command: 'echo q > q.txt'}}\n      - {step_id: slow, depends_on: [quick], tool_profile_id: shell, context: {command: ': > ${marker}; sleep 30'}}\n      - {step_id: after, depends_on: [slow], tool_profile_id: shell, context: {command: 'true'}}\n`,
    );
    const driver = spawn(process.execPath, [join(repoRoot, 'bin/uet.js'), 'run', bundle, '--repo', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    driver.stdout.on('data', (c: Buffer) => void (out += c.toString()));
    driver.stderr.on('data', (c: Buffer) => void (out += c.toString()));
    const closed = new Promise<number | null>((resolve) => driver.on('close', (code) => resolve(code)));
    for (let i = 0; i < 1500 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 20));
    const runId = readdirSync(join(dir, '.uet/runs'))[0]!;
    const cancel = await runUet(['cancel', runId.slice(0, 8), '--repo', dir, '--force']);
    const code = await closed;
    expect(out).toContain('canceled by `uet cancel`');
    expect(out).not.toContain('continue it with `uet resume');
    expect(out).toMatch(new RegExp(`^run ${runId} canceled`, 'm'));
    expect(code, out).toBe(1);
    expect(cancel, cancel.stderr).toMatchObject({ code: 0, stdout: `run ${runId} canceled\n` });
    const status = JSON.parse((await runUet(['status', runId, '--repo', dir, '--json'])).stdout) as { status: { state: string; step_counts: Record<string, number> } };
    expect(status.status.state).toBe('canceled');
    expect(status.status.step_counts).toMatchObject({ succeeded: 1, skipped: 2 });
    const resumed = await runUet(['resume', runId, '--repo', dir]);
    expect(resumed.stderr).toContain('already ended (canceled)');
    expect(await git(dir, 'for-each-ref', '--format=%(refname)', 'refs/heads/uet/step/')).toBe('');
    expect(existsSync(join(dir, '.uet/runs', runId, 'cancel-request.json'))).toBe(false);
  });
});
