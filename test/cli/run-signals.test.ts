import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, makeTempDir, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { repoRoot, runUet } from './run-uet.js';

afterAll(removeTempDirs);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The run's events, once its log exists. */
function readEvents(dir: string): { type: string; data: Record<string, unknown> }[] {
  const runs = join(dir, '.uet/runs');
  const id = existsSync(runs) ? readdirSync(runs)[0] : undefined;
  const file = id ? join(runs, id, 'events.jsonl') : '';
  if (!id || !existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> });
}

describe('uet run stopped by a signal (real process)', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'pipe' });
  });

  // Ctrl-C, `kill <pid>` (CI cancellation, timeout(1), docker stop) and a closed terminal all stop the run the
  // same way: the running step's process group is stopped, its attempt is abandoned, and the run can be resumed.
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s: stops the running step, exits 130 and resumes', async (signal) => {
    const dir = await createTempRepo();
    const scratch = await makeTempDir('uet-signal-');
    const pidFile = join(scratch, 'step.pid');
    const bundle = join(scratch, 'bundle.yaml');
    writeFileSync(
      bundle,
      `bundle_id: sig\nworkstreams:\n  - ws_id: A\n    steps:\n      - {step_id: slow, tool_profile_id: shell, context: {command: 'if [ "$UET_ATTEMPT" = 1 ]; then echo $$ > ${pidFile}; sleep 30; fi; echo done > done.txt'}}\n`,
    );
    const child = spawn(process.execPath, [join(repoRoot, 'bin/uet.js'), 'run', bundle, '--repo', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig })));
    for (let i = 0; i < 500 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 20));
    const stepPid = Number(readFileSync(pidFile, 'utf8'));
    const during = JSON.parse((await runUet(['status', '--repo', dir, '--json'])).stdout) as { driven_by: { pid: number } | null };
    expect(during.driven_by?.pid).toBe(child.pid);
    child.kill(signal);
    const end = await closed;
    const stepSurvived = alive(stepPid);
    if (stepSurvived) process.kill(-stepPid, 'SIGKILL'); // do not leave it behind when the test fails
    expect(end, stderr).toEqual({ code: 130, signal: null });
    expect(stepSurvived).toBe(false);
    expect(stderr).toContain('continue it with `uet resume');
    expect(readEvents(dir).at(-1)).toMatchObject({ type: 'step_abandoned', data: { step_id: 'slow', reason: 'interrupted' } });

    const runId = readdirSync(join(dir, '.uet/runs'))[0]!;
    // The log still says running, but no process drives it: status and runs say so.
    const after = await runUet(['status', '--repo', dir]);
    expect(after.stdout).toContain(`State: STOPPED — no process drives this run (stopped by Ctrl-C or a crash); continue it with \`uet resume ${runId}\``);
    expect(after.stdout).not.toContain('ETA');
    expect(JSON.parse((await runUet(['status', '--repo', dir, '--json'])).stdout)).toMatchObject({ driven_by: null });
    expect(JSON.parse((await runUet(['runs', '--repo', dir, '--json'])).stdout)).toMatchObject([{ run_id: runId, state: 'stopped', driven: false }]);
    expect((await runUet(['runs', '--repo', dir])).stdout).toMatch(new RegExp(`^${runId} +stopped `, 'm'));
    const resumed = await runUet(['resume', runId, '--repo', dir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readEvents(dir).filter((e) => e.type === 'step_started')).toHaveLength(2);
  });
});
