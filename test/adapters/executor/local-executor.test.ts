import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalExecutor } from '../../../src/adapters/executor/local-executor.js';
import { prepareLocalRun } from '../../../src/adapters/executor/prepare-local-run.js';
import { createSystemClock } from '../../../src/adapters/system-clock.js';
import { shellAdapter, toolAdapters, type ToolAdapter } from '../../../src/adapters/tools/index.js';
import { createTempRepo, git, makeTask, removeTempDirs, shellStep } from '../helpers/temp-repo.js';

afterAll(removeTempDirs);

const clock = createSystemClock();

/** A repository with a user checkout in progress: a feature branch, a modified file and an untracked file. */
async function busyRepo() {
  const repo = await createTempRepo({ 'README.md': 'hello\n', 'shared.txt': 'one\ntwo\nthree\n' });
  const run = await prepareLocalRun(repo, 'r1');
  await git(repo, 'checkout', '-q', '-b', 'feature');
  await writeFile(path.join(repo, 'README.md'), 'hello, edited by the user\n');
  await writeFile(path.join(repo, 'notes.txt'), 'untracked\n');
  const exec = createLocalExecutor({ repoDir: repo, runId: 'r1', clock, baseCommit: run.baseCommit });
  return { repo, run, exec };
}

async function checkout(repo: string) {
  return {
    branch: await git(repo, 'symbolic-ref', '--short', 'HEAD'),
    head: await git(repo, 'rev-parse', 'HEAD'),
    status: await git(repo, 'status', '--porcelain', '--untracked-files=all'),
    readme: await readFile(path.join(repo, 'README.md'), 'utf8'),
  };
}

describe('local executor: steps', () => {
  it('commits a step with trailers on the step branch and lands it linearly on the run branch, leaving the checkout alone', async () => {
    const { repo, run, exec } = await busyRepo();
    const before = await checkout(repo);
    const node = shellStep('s1', 'mkdir -p out && echo built > out/a.txt && echo "$UET_STEP_ID" > who.txt', {
      name: 'Build the thing',
    });
    const outcome = await exec.executeStep(makeTask('r1', node));
    expect(outcome).toMatchObject({ ok: true, filesChanged: 2, patchId: expect.stringMatching(/^[0-9A-Z]{26}$/) });
    expect(outcome.events?.map((e) => e.type)).toEqual(['patch_created', 'patch_validated', 'patch_applied', 'patch_committed']);
    const tip = await git(repo, 'rev-parse', 'uet/run/r1');
    expect(outcome.commit).toBe(tip);
    expect(await git(repo, 'rev-parse', `${tip}^`)).toBe(run.baseCommit);
    expect(await git(repo, 'rev-parse', 'uet/step/r1/s1')).toBe(tip); // fast-forward: the step commit itself
    expect(await git(repo, 'log', '-1', '--format=%B', tip)).toBe(
      `Build the thing\n\nUET-Run: r1\nUET-Step: s1\nUET-Patch: ${outcome.patchId}\nUET-Attempt: 1`,
    );
    expect(await git(repo, 'log', '-1', '--format=%an <%ae>', tip)).toBe('UET <uet@localhost>'); // no identity configured anywhere
    expect(await git(repo, 'show', `${tip}:who.txt`)).toBe('s1');
    expect(await checkout(repo)).toEqual(before); // branch, HEAD, edits, untracked files; and no .uet files in status
    expect(before.status).toBe(' M README.md\n?? notes.txt');
    expect(await readFile(path.join(repo, '.uet/runs/r1/logs/s1.1.log'), 'utf8')).toMatch(/\$ mkdir -p out/);
    expect(await git(repo, 'worktree', 'list')).not.toMatch(/uet\/worktrees/);
  });

  it('integrates two steps from the same base; the second is a 3-way apply with the original author', async () => {
    const { repo, run } = await busyRepo();
    await git(repo, 'config', 'user.name', 'Repo Owner');
    await git(repo, 'config', 'user.email', 'owner@example.com');
    const exec2 = createLocalExecutor({ repoDir: repo, runId: 'r1', clock, baseCommit: run.baseCommit });
    // Both start from the same tip: run them concurrently; integration is serialized.
    const [a, b] = await Promise.all([
      exec2.executeStep(makeTask('r1', shellStep('top', "sed -i 's/one/ONE/' shared.txt"))),
      exec2.executeStep(
        makeTask('r1', shellStep('bottom', "sed -i 's/three/THREE/' shared.txt && echo b > b.txt")),
      ),
    ]);
    expect(a.ok && b.ok).toBe(true);
    const tip = await git(repo, 'rev-parse', 'uet/run/r1');
    expect(await git(repo, 'show', `${tip}:shared.txt`)).toBe('ONE\ntwo\nTHREE');
    expect(await git(repo, 'rev-list', '--count', '--merges', `${run.baseCommit}..${tip}`)).toBe('0');
    expect(await git(repo, 'rev-list', '--count', `${run.baseCommit}..${tip}`)).toBe('2');
    const applied = [a, b].find((o) => o.commit === tip)!;
    const stepId = applied === a ? 'top' : 'bottom';
    expect(await git(repo, 'rev-parse', `uet/step/r1/${stepId}`)).not.toBe(tip); // re-applied on the moved tip
    expect(await git(repo, 'log', '-1', '--format=%an|%(trailers:key=UET-Step,valueonly)', tip)).toBe(
      `Repo Owner|${stepId}`,
    );
    expect(await git(repo, 'log', '-1', '--format=%an', `uet/step/r1/${stepId}`)).toBe('Repo Owner');
    expect(await git(repo, 'status', '--porcelain', '--untracked-files=all')).toBe(
      ' M README.md\n?? notes.txt',
    );
  });

  it('fails a conflicting step with errorClass conflict and the path, leaving the run branch as it was', async () => {
    const { repo, run } = await busyRepo();
    // A tool that lets step `a` land while step `b` is running, from the same base: then it edits the same line.
    const racer: ToolAdapter = {
      id: 'racer',
      async run(input) {
        expect(
          (await exec.executeStep(makeTask('r1', shellStep('a', "sed -i 's/two/TWO-A/' shared.txt")))).ok,
        ).toBe(true);
        return shellAdapter.run(input);
      },
    };
    const exec = createLocalExecutor({
      repoDir: repo,
      runId: 'r1',
      clock,
      baseCommit: run.baseCommit,
      tools: new Map([...toolAdapters, ['racer', racer]]),
    });
    const outcome = await exec.executeStep(
      makeTask('r1', shellStep('b', "sed -i 's/two/TWO-B/' shared.txt"), { toolId: 'racer' }),
    );
    expect(outcome).toMatchObject({ ok: false, errorClass: 'conflict' });
    expect(outcome.message).toMatch(/conflicts with the run branch in: shared\.txt$/);
    const tip = await git(repo, 'rev-parse', 'uet/run/r1');
    expect(await git(repo, 'log', '-1', '--format=%(trailers:key=UET-Step,valueonly)', tip)).toBe('a');
    expect(await git(repo, 'rev-parse', `${tip}^`)).toBe(run.baseCommit);
  });

  it('validation failure fails the step with validation_failed, and nothing reaches the run branch', async () => {
    const { repo, run, exec } = await busyRepo();
    const node = shellStep('v', 'echo broken > code.txt', {
      validation: { test_command: 'grep -q fixed code.txt || { echo "expected fixed"; exit 3; }' },
    });
    const outcome = await exec.executeStep(makeTask('r1', node));
    expect(outcome).toMatchObject({ ok: false, errorClass: 'validation_failed', exitCode: 3 });
    expect(outcome.message).toMatch(/exited with 3 \(expected 0\)/);
    expect(outcome.message).toMatch(/expected fixed/);
    expect(await git(repo, 'rev-parse', 'uet/run/r1')).toBe(run.baseCommit);
  });

  it('passes validation with a custom expected exit code, and a step that changes nothing succeeds without a commit', async () => {
    const { repo, run, exec } = await busyRepo();
    const node = shellStep('noop', 'true', { validation: { test_command: 'exit 4', expected_exit_code: 4 } });
    const outcome = await exec.executeStep(makeTask('r1', node));
    expect(outcome).toMatchObject({ ok: true, filesChanged: 0 });
    expect(outcome.commit).toBeUndefined();
    expect(await git(repo, 'rev-parse', 'uet/run/r1')).toBe(run.baseCommit);
  });

  it("lands a change the tool committed itself, as one commit with UET's trailers", async () => {
    const { repo, run, exec } = await busyRepo();
    const commit = 'git -c user.name=Tool -c user.email=tool@example.com commit -qm "by the tool"';
    const node = shellStep('selfcommit', `echo mine > mine.txt && git add mine.txt && ${commit} && echo more > more.txt`);
    const outcome = await exec.executeStep(makeTask('r1', node));
    expect(outcome).toMatchObject({ ok: true, filesChanged: 2 });
    const tip = await git(repo, 'rev-parse', 'uet/run/r1');
    expect(await git(repo, 'ls-tree', '--name-only', tip)).toBe('README.md\nmine.txt\nmore.txt\nshared.txt');
    expect(await git(repo, 'rev-parse', `${tip}^`)).toBe(run.baseCommit);
    expect(await git(repo, 'log', '-1', '--format=%(trailers:key=UET-Step,valueonly)', tip)).toBe('selfcommit');

    // Everything committed by the tool, nothing left in the worktree: still the step's change, not "no change".
    const only = shellStep('onlycommit', `echo only > only.txt && git add only.txt && ${commit}`);
    expect(await exec.executeStep(makeTask('r1', only))).toMatchObject({ ok: true, filesChanged: 1 });
    expect(await git(repo, 'show', 'uet/run/r1:only.txt')).toBe('only');
  });

  it('warns when the user checkout changes during a step', async () => {
    const { repo, exec } = await busyRepo();
    const node = shellStep('meddle', `echo meddled >> "${path.join(repo, 'notes.txt')}" && echo ok > ok.txt`);
    const outcome = await exec.executeStep(makeTask('r1', node));
    expect(outcome.ok).toBe(true);
    expect(outcome.events?.filter((e) => e.type === 'warning')).toEqual([
      { type: 'warning', data: expect.objectContaining({ kind: 'checkout_changed', step_id: 'meddle' }) },
    ]);
  });
});
