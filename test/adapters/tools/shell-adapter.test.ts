import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildToolEnv,
  classifyExit,
  runProcess,
  shellAdapter,
  toolAdapters,
  type ToolInput,
} from '../../../src/adapters/tools/index.js';
import { isProcessAlive, makeTempDir, removeTempDirs, shellStep } from '../helpers/temp-repo.js';

afterAll(removeTempDirs);

async function input(
  command: string,
  extra: Partial<ToolInput> = {},
  env?: Record<string, string>,
): Promise<ToolInput> {
  const worktree = await makeTempDir();
  const node = shellStep('s1', command, env ? { context: { env } } : {});
  const parent = {
    PATH: process.env.PATH,
    HOME: '/home/u',
    SECRET_TOKEN: 'hunter2',
    GITHUB_TOKEN: 'ghp_x',
    LANG: 'C.UTF-8',
  };
  return {
    worktree,
    node,
    attempt: 2,
    runId: 'r1',
    timeoutMs: 10_000,
    signal: new AbortController().signal,
    env: buildToolEnv(parent, {
      runId: 'r1',
      attempt: 2,
      stepId: 's1',
      wsId: 'ws1',
      worktree,
      ...(env ? { extra: env } : {}),
    }),
    ...extra,
  };
}

describe('shell adapter', () => {
  it('is registered as "shell"', () => {
    expect(toolAdapters.get('shell')).toBe(shellAdapter);
  });

  it('runs the command with bash -c in the worktree with the clean environment only', async () => {
    const i = await input('pwd; env | sort', {}, { FOO: 'bar' });
    const r = await shellAdapter.run(i);
    expect(r.errorClass).toBeUndefined();
    const lines = r.outputTail.trim().split('\n');
    expect(lines[0]).toBe(i.worktree);
    const names = lines
      .slice(1)
      .map((l) => l.split('=')[0])
      .filter((n) => !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(n!));
    expect(names).toEqual([
      'FOO',
      'HOME',
      'LANG',
      'PATH',
      'UET_ATTEMPT',
      'UET_RUN_ID',
      'UET_STEP_ID',
      'UET_WORKTREE',
      'UET_WS_ID',
    ]);
    expect(r.outputTail).toContain('UET_RUN_ID=r1\n');
    expect(r.outputTail).not.toContain('hunter2');
  });

  it('never interpolates the command: quotes and $ reach bash intact', async () => {
    const r = await shellAdapter.run(await input(`printf '%s|' "a b" '$HOME' "it's"`));
    expect(r.outputTail).toBe(`a b|$HOME|it's|`);
  });

  it('classifies exit codes', async () => {
    const cases: [string, string | undefined][] = [
      ['exit 0', undefined],
      ['exit 75', 'transient_error'],
      ['exit 124', 'timeout'],
      ['exit 127', 'permanent'],
      ['definitely-not-a-command-uet', 'permanent'],
      ['exit 1', 'permanent'],
      ['kill -9 $$', 'permanent'],
    ];
    for (const [cmd, cls] of cases)
      expect((await shellAdapter.run(await input(cmd))).errorClass, cmd).toBe(cls);
  });

  it('reports a step without context.command as permanent', async () => {
    const i = await input('x');
    const r = await shellAdapter.run({ ...i, node: { ...i.node, step: { step_id: 's1' } } });
    expect(r).toMatchObject({
      errorClass: 'permanent',
      message: expect.stringMatching(/no context.command/),
    });
  });

  it('writes combined output to the log file and keeps a 4 KB tail', async () => {
    const logPath = path.join(await makeTempDir(), 'logs', 's1.2.log');
    const r = await shellAdapter.run(
      await input('echo out; echo err >&2; head -c 10000 /dev/zero | tr "\\0" x; echo; echo END', {
        logPath,
      }),
    );
    const log = await readFile(logPath, 'utf8');
    expect(log).toMatch(/^--- uet: step s1 attempt 2: shell\n\$ echo out/);
    expect(log).toContain('out\n');
    expect(log).toContain('err\n');
    // stdout and stderr are two pipes: `err` may be read between any two chunks of stdout, even inside the run of x
    // (CI saw `xxx…err\n\nEND\n`). Without it, the log is stdout in order.
    expect(log.replace('err\n', '')).toMatch(/\nout\nx{10000}\nEND\n$/);
    expect(Buffer.byteLength(r.outputTail)).toBe(4096);
    expect(r.outputTail.replace('err\n', '')).toMatch(/x\nEND\n$/);
  });
});

describe('runProcess', () => {
  it('caps the log: head, a marker, then the tail', async () => {
    const logPath = path.join(await makeTempDir(), 'big.log');
    const r = await runProcess({
      command: 'seq 1 20000',
      cwd: '/',
      env: { PATH: process.env.PATH! },
      timeoutMs: 5000,
      logPath,
      maxLogBytes: 1000,
      tailBytes: 200,
    });
    expect(r.exitCode).toBe(0);
    const log = await readFile(logPath, 'utf8');
    expect(log.startsWith('1\n2\n3\n')).toBe(true);
    expect(log).toMatch(/\[uet: output truncated: \d+ bytes omitted, last 200 bytes follow\]/);
    expect(log.endsWith('19999\n20000\n')).toBe(true);
    expect(log.length).toBeLessThan(1400);
  });

  it('terminates processes a command leaves behind in its group', async () => {
    const dir = await makeTempDir();
    const r = await runProcess({
      command: `sleep 30 & echo $! > "${dir}/bg.pid"`,
      cwd: dir,
      env: { PATH: process.env.PATH! },
      timeoutMs: 5000,
      killGraceMs: 500,
    });
    expect(r.exitCode).toBe(0);
    expect(await isProcessAlive(Number(await readFile(path.join(dir, 'bg.pid'), 'utf8')))).toBe(false);
  });

  it('does not start when already canceled', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    const r = await runProcess({
      command: 'echo no',
      cwd: '/',
      env: {},
      timeoutMs: 1000,
      signal: ctrl.signal,
    });
    expect(r).toMatchObject({ canceled: true, outputTail: '' });
    expect(classifyExit(r)).toBe('canceled');
  });

  it('reports a missing working directory as tool_unavailable', async () => {
    const r = await runProcess({
      command: 'true',
      cwd: '/nonexistent/uet',
      env: { PATH: process.env.PATH! },
      timeoutMs: 1000,
    });
    expect(r.spawnError).toBeDefined();
    expect(classifyExit(r)).toBe('tool_unavailable');
  });
});
