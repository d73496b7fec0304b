import { afterAll, describe, expect, it } from 'vitest';
import { createLocalExecutor } from '../../../src/adapters/executor/local-executor.js';
import { prepareLocalRun } from '../../../src/adapters/executor/prepare-local-run.js';
import { createSystemClock } from '../../../src/adapters/system-clock.js';
import { createTempRepo, gateNode, git, makeTask, removeTempDirs, shellStep } from '../helpers/temp-repo.js';

afterAll(removeTempDirs);

describe('local executor: gates', () => {
  it('runs on the run-branch tip: passes when the steps delivered, fails otherwise, and leaves no worktree', async () => {
    const repo = await createTempRepo();
    await prepareLocalRun(repo, 'g');
    const exec = createLocalExecutor({ repoDir: repo, runId: 'g', clock: createSystemClock() });
    const gate = gateNode(
      'has-feature',
      'test -f feature.txt && echo "gate sees $UET_GATE_ID in $UET_WS_ID"',
    );
    const before = await exec.runGate(makeTask('g', gate));
    expect(before).toMatchObject({ passed: false, exitCode: 1 });
    expect((await exec.executeStep(makeTask('g', shellStep('f', 'echo on > feature.txt')))).ok).toBe(true);
    const after = await exec.runGate(makeTask('g', gate));
    expect(after).toMatchObject({ passed: true, exitCode: 0 });
    expect(after.outputTail).toBe('gate sees has-feature in ws1\n');
    expect(await git(repo, 'worktree', 'list')).not.toMatch(/uet\/worktrees/);
    expect(await git(repo, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  });

  it('fails on timeout', async () => {
    const repo = await createTempRepo();
    await prepareLocalRun(repo, 'g');
    const exec = createLocalExecutor({ repoDir: repo, runId: 'g', clock: createSystemClock() });
    const outcome = await exec.runGate(makeTask('g', gateNode('slow', 'sleep 30', null), { timeoutMs: 300 }));
    expect(outcome.passed).toBe(false);
    expect(outcome.outputTail).toMatch(/timed out/);
  });
});
