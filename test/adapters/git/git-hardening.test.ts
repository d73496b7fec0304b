import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalExecutor } from '../../../src/adapters/executor/local-executor.js';
import { prepareLocalRun } from '../../../src/adapters/executor/prepare-local-run.js';
import { cleanGitEnv } from '../../../src/adapters/git/git-safety.js';
import { runGit } from '../../../src/adapters/git/run-git.js';
import { createSystemClock } from '../../../src/adapters/system-clock.js';
import { createTempRepo, gateNode, git, makeTask, makeTempDir, removeTempDirs, shellStep } from '../helpers/temp-repo.js';

afterAll(removeTempDirs);

const KEY = 'sk-ant-canary-0123456789abcdefghijklmnop';
const saved = { ...process.env };
beforeEach(() => {
  // UET itself holds the keys, as on a developer's machine or a runner.
  process.env.ANTHROPIC_API_KEY = KEY;
  process.env.GITHUB_TOKEN = 'ghs_canary0123456789abcdefghijklmn';
});
afterEach(() => {
  for (const k of ['ANTHROPIC_API_KEY', 'GITHUB_TOKEN']) if (saved[k] === undefined) delete process.env[k];
});

/** A script that leaves proof it ran, with the environment it saw. */
async function tripwire(dir: string, name: string): Promise<{ script: string; fired: () => Promise<string | null> }> {
  const marker = path.join(dir, `${name}.fired`);
  const script = path.join(dir, `${name}.sh`);
  await writeFile(script, `#!/bin/sh\nenv >> '${marker}'\ncat\n`, { mode: 0o755 });
  return { script, fired: () => readFile(marker, 'utf8').catch(() => null) };
}

async function attack(command: (trap: string) => string, name: string) {
  const repo = await createTempRepo({ 'README.md': 'hello\n' });
  const traps = await makeTempDir('uet-traps-');
  const trap = await tripwire(traps, name);
  const run = await prepareLocalRun(repo, 'r1');
  const exec = createLocalExecutor({ repoDir: repo, runId: 'r1', clock: createSystemClock(), baseCommit: run.baseCommit });
  const outcome = await exec.executeStep(makeTask('r1', shellStep('s1', command(trap.script))));
  return { repo, outcome, trap, exec };
}

describe("UET's own git runs nothing a step wrote into the repository, and no credential reaches git", () => {
  it('core.fsmonitor written into the worktree\'s .git/config is not run by UET\'s git add, and is put back', async () => {
    const { repo, outcome, trap } = await attack((t) => `git config core.fsmonitor '${t}' && echo changed > a.txt`, 'fsmonitor');
    expect(outcome).toMatchObject({ ok: true });
    expect(await trap.fired()).toBeNull();
    expect(await git(repo, 'config', '--get', 'core.fsmonitor').catch(() => 'unset')).toBe('unset');
    expect(outcome.events?.find((e) => e.type === 'warning')?.data).toMatchObject({ kind: 'git_config_restored', message: expect.stringContaining('config') });
    expect(await git(repo, 'show', 'uet/run/r1:a.txt')).toBe('changed');
  });

  it('pre-commit, post-commit and reference-transaction hooks written by a step never run', async () => {
    const { repo, outcome, trap } = await attack(
      (t) => `hooks=$(git rev-parse --git-path hooks) && mkdir -p "$hooks" && for h in pre-commit post-commit reference-transaction post-checkout; do cp '${t}' "$hooks/$h"; done && echo changed > a.txt`,
      'hook',
    );
    expect(outcome).toMatchObject({ ok: true });
    expect(await trap.fired()).toBeNull();
    expect(existsSync(path.join(repo, '.git/hooks/pre-commit'))).toBe(false); // put back: the user's own git will not run it either
  });

  it('a clean filter declared in .git/config and .gitattributes is not run by UET\'s git add', async () => {
    const { repo, outcome, trap } = await attack((t) => `git config filter.evil.clean '${t}' && echo '* filter=evil' > .gitattributes && echo changed > a.txt`, 'filter');
    expect(await trap.fired()).toBeNull();
    expect(outcome).toMatchObject({ ok: true });
    expect(await git(repo, 'config', '--get', 'filter.evil.clean').catch(() => 'unset')).toBe('unset');
  });

  it('diff.external and a textconv driver are not run when UET captures the patch', async () => {
    const { outcome, trap } = await attack(
      (t) => `git config diff.external '${t}' && git config diff.evil.textconv '${t}' && echo '*.txt diff=evil' > .gitattributes && echo changed > a.txt`,
      'extdiff',
    );
    expect(outcome).toMatchObject({ ok: true });
    expect(await trap.fired()).toBeNull();
  });

  it('a gate that writes core.fsmonitor and a hook gets neither run by the git UET runs after it', async () => {
    const repo = await createTempRepo({ 'README.md': 'hello\n' });
    const traps = await makeTempDir('uet-traps-');
    const trap = await tripwire(traps, 'gate');
    await prepareLocalRun(repo, 'r1');
    const exec = createLocalExecutor({ repoDir: repo, runId: 'r1', clock: createSystemClock() });
    const gate = await exec.runGate(makeTask('r1', gateNode('unit', `git config core.fsmonitor '${trap.script}' && cp '${trap.script}' "$(git rev-parse --git-path hooks)/post-checkout"`)));
    expect(gate.passed).toBe(true);
    expect(gate.outputTail).toMatch(/put back/);
    await exec.executeStep(makeTask('r1', shellStep('s1', 'echo after > b.txt')));
    expect(await trap.fired()).toBeNull();
  });

  it('git started by UET sees no credential of UET\'s environment (a shell alias prints what git hands its children)', async () => {
    const repo = await createTempRepo({ 'README.md': 'hello\n' });
    const r = await runGit(repo, ['-c', 'alias.leak=!env', 'leak'], { parentEnv: { ...process.env, OPENAI_API_KEY: 'sk-openai-canary-0123456789', INPUT_TOKEN: 'ghs_input_canary_0123456789', ACTIONS_RUNTIME_TOKEN: 'rt-canary-0123456789', AWS_SECRET_ACCESS_KEY: 'aws-canary-0123456789' } });
    expect(r.stdout).not.toMatch(/canary/);
    expect(r.stdout).toMatch(/GIT_CONFIG_NOSYSTEM=1/);
    expect(r.stdout).toMatch(/GIT_CONFIG_GLOBAL=\/dev\/null/);
    expect(cleanGitEnv({ PATH: '/bin', GIT_SSH_COMMAND: 'evil', GIT_EXTERNAL_DIFF: 'evil', GIT_CONFIG_PARAMETERS: "'core.fsmonitor=evil'", GIT_DIR: '/elsewhere', ANTHROPIC_API_KEY: KEY }, { GIT_INDEX_FILE: '/tmp/i' })).toEqual({
      PATH: '/bin',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
      GIT_PAGER: 'cat',
      GIT_INDEX_FILE: '/tmp/i',
      LC_ALL: 'C',
    });
  });
});
