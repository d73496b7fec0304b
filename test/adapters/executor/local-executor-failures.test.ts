import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalExecutor } from '../../../src/adapters/executor/local-executor.js';
import { prepareLocalRun } from '../../../src/adapters/executor/prepare-local-run.js';
import { gitCommonDir } from '../../../src/adapters/git/repo-queries.js';
import { stepBranchName, stepWorktreePath } from '../../../src/adapters/git/run-branches.js';
import { createWorktree } from '../../../src/adapters/git/step-worktree.js';
import { createSystemClock } from '../../../src/adapters/system-clock.js';
import {
  createTempRepo,
  git,
  isProcessAlive,
  makeTask,
  makeTempDir,
  removeTempDirs,
  shellStep,
} from '../helpers/temp-repo.js';

afterAll(removeTempDirs);

const clock = createSystemClock();

async function setup(runId = 'r1') {
  const repo = await createTempRepo();
  const run = await prepareLocalRun(repo, runId);
  return {
    repo,
    run,
    exec: createLocalExecutor({ repoDir: repo, runId, clock, baseCommit: run.baseCommit }),
  };
}

describe('local executor: failure classes', () => {
  it('exit 75 is a transient_error, with the output tail in the message, and nothing lands', async () => {
    const { repo, run, exec } = await setup();
    const outcome = await exec.executeStep(
      makeTask('r1', shellStep('flaky', 'echo partial > p.txt; echo "try later" >&2; exit 75')),
    );
    expect(outcome).toMatchObject({ ok: false, errorClass: 'transient_error', exitCode: 75 });
    expect(outcome.message).toMatch(/exited with 75[\s\S]*try later/);
    expect(await git(repo, 'rev-parse', 'uet/run/r1')).toBe(run.baseCommit);
  });

  it('kills the whole process group on timeout and reports timeout', async () => {
    const { exec } = await setup();
    const dir = await makeTempDir();
    const cmd = `sleep 30 & echo $! > "${dir}/bg.pid"; echo $$ > "${dir}/sh.pid"; sleep 30`;
    const t0 = Date.now();
    const outcome = await exec.executeStep(makeTask('r1', shellStep('slow', cmd), { timeoutMs: 300 }));
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(outcome).toMatchObject({ ok: false, errorClass: 'timeout' });
    expect(outcome.message).toMatch(/timed out after 300 ms/);
    for (const f of ['bg.pid', 'sh.pid'])
      expect(await isProcessAlive(Number(await readFile(path.join(dir, f), 'utf8')))).toBe(false);
  });

  it('cancellation stops the tool and reports canceled', async () => {
    const { exec } = await setup();
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 200);
    const outcome = await exec.executeStep(
      makeTask('r1', shellStep('long', 'sleep 30'), { signal: ctrl.signal }),
    );
    expect(outcome).toMatchObject({ ok: false, errorClass: 'canceled' });
  });

  it('an unknown tool id is tool_unavailable; a command that is not found is permanent', async () => {
    const { exec } = await setup();
    const unknown = await exec.executeStep(
      makeTask('r1', shellStep('x', 'true'), { toolId: 'no-such-tool' }),
    );
    expect(unknown).toMatchObject({ ok: false, errorClass: 'tool_unavailable' });
    expect(unknown.message).toMatch(/no tool adapter "no-such-tool" \(known: shell, claude, codex, aider\)/);
    const missing = await exec.executeStep(makeTask('r1', shellStep('y', 'definitely-not-a-command-uet')));
    // A program of the command that is not installed is the step's failure, not the shell tool's (permanent).
    expect(missing).toMatchObject({ ok: false, errorClass: 'permanent', exitCode: 127 });
  });

  it('any other exit code is permanent', async () => {
    const { exec } = await setup();
    expect(await exec.executeStep(makeTask('r1', shellStep('p', 'exit 3')))).toMatchObject({
      ok: false,
      errorClass: 'permanent',
      exitCode: 3,
    });
  });
});

describe('local executor: recovery', () => {
  it('does not re-execute a step that a dead process already integrated', async () => {
    const { repo, exec } = await setup();
    const dir = await makeTempDir();
    const counter = path.join(dir, 'runs');
    const node = shellStep('once', `echo x >> "${counter}" && echo done > once.txt`);
    const first = await exec.executeStep(makeTask('r1', node));
    expect(first.ok).toBe(true);
    // The process "died" before recording step_succeeded: a new process (a new executor) gets attempt 2.
    const fresh = createLocalExecutor({ repoDir: repo, runId: 'r1', clock });
    const again = await fresh.executeStep(makeTask('r1', node, { attempt: 2, attemptId: 'once-a2' }));
    expect(again).toEqual({
      ok: true,
      commit: first.commit,
      filesChanged: 1,
      durationMs: 0,
      message: 'recovered',
      patchId: first.patchId,
    });
    expect(await readFile(counter, 'utf8')).toBe('x\n');
    expect(await git(repo, 'rev-list', '--count', 'uet/run/r1')).toBe('2');
  });

  it('a step with the same id in another run is not mistaken for this one', async () => {
    const { repo, exec } = await setup('r1');
    expect((await exec.executeStep(makeTask('r1', shellStep('s', 'echo 1 > s.txt')))).ok).toBe(true);
    await prepareLocalRun(repo, 'r2');
    // r2 starts from HEAD, which does not contain r1's commits; but even a branch containing them must not match.
    await git(repo, 'branch', '-f', 'uet/run/r2', 'uet/run/r1');
    const r2 = createLocalExecutor({ repoDir: repo, runId: 'r2', clock });
    const outcome = await r2.executeStep(makeTask('r2', shellStep('s', 'echo 2 > s.txt')));
    expect(outcome.ok).toBe(true);
    expect(outcome.message).toBeUndefined();
    expect(await git(repo, 'show', 'uet/run/r2:s.txt')).toBe('2');
  });

  it('starts a new attempt from a clean worktree when a crashed attempt left one behind', async () => {
    const { repo, run, exec } = await setup();
    const common = await gitCommonDir(repo);
    const wt = stepWorktreePath(common, 'r1', 'c');
    await createWorktree(repo, common, wt, run.baseCommit, { branch: stepBranchName('r1', 'c') });
    await writeFile(path.join(wt, 'half-done.txt'), 'junk\n');
    const outcome = await exec.executeStep(
      makeTask('r1', shellStep('c', 'test ! -e half-done.txt && echo ok > c.txt'), { attempt: 2 }),
    );
    expect(outcome).toMatchObject({ ok: true, filesChanged: 1 });
    expect(await git(repo, 'ls-tree', '--name-only', 'uet/run/r1')).toBe('README.md\nc.txt');
    await expect(stat(wt)).rejects.toThrow();
  });

  it('keepWorktrees keeps the worktree for inspection', async () => {
    const repo = await createTempRepo();
    await prepareLocalRun(repo, 'k');
    const exec = createLocalExecutor({ repoDir: repo, runId: 'k', clock, keepWorktrees: true });
    expect((await exec.executeStep(makeTask('k', shellStep('s', 'echo hi > hi.txt')))).ok).toBe(true);
    const wt = stepWorktreePath(await gitCommonDir(repo), 'k', 's');
    expect(await readFile(path.join(wt, 'hi.txt'), 'utf8')).toBe('hi\n');
  });
});
