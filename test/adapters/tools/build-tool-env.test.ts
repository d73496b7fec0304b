import { describe, expect, it } from 'vitest';
import { buildToolEnv, classifyExit } from '../../../src/adapters/tools/index.js';

describe('buildToolEnv', () => {
  it('passes through the allow-list, then context.env, then UET_*', () => {
    const env = buildToolEnv(
      {
        PATH: '/bin',
        HOME: '/h',
        USER: 'u',
        LANG: 'C',
        LC_ALL: 'C',
        TMPDIR: '/t',
        TERM: 'xterm',
        SHELL: '/bin/bash',
        AWS_SECRET_ACCESS_KEY: 's',
        NPM_TOKEN: 't',
      },
      {
        runId: 'r',
        attempt: 3,
        stepId: 's',
        wsId: 'w',
        worktree: '/wt',
        extra: { MODE: 'ci', NODE_ENV: 'test' },
      },
    );
    expect(env).toEqual({
      PATH: '/bin',
      HOME: '/h',
      USER: 'u',
      LANG: 'C',
      LC_ALL: 'C',
      TMPDIR: '/t',
      TERM: 'xterm',
      SHELL: '/bin/bash',
      MODE: 'ci',
      NODE_ENV: 'test',
      UET_RUN_ID: 'r',
      UET_STEP_ID: 's',
      UET_WS_ID: 'w',
      UET_ATTEMPT: '3',
      UET_WORKTREE: '/wt',
    });
  });

  it('omits unset variables and a bundle-level ws id', () => {
    expect(buildToolEnv({}, { runId: 'r', worktree: '/wt', wsId: null, gateId: 'g' })).toEqual({
      UET_RUN_ID: 'r',
      UET_WORKTREE: '/wt',
      UET_GATE_ID: 'g',
    });
  });
});

describe('classifyExit', () => {
  const end = (
    exitCode: number,
    o: { timedOut?: boolean; canceled?: boolean; spawnError?: string } = {},
  ) => ({ exitCode, timedOut: false, canceled: false, ...o });
  it('follows the table in docs/tools.md', () => {
    expect(classifyExit(end(0))).toBeUndefined();
    expect(classifyExit(end(75))).toBe('transient_error');
    expect(classifyExit(end(124))).toBe('timeout');
    expect(classifyExit(end(143, { timedOut: true }))).toBe('timeout');
    expect(classifyExit(end(143, { timedOut: true, canceled: true }))).toBe('canceled');
    expect(classifyExit(end(127))).toBe('tool_unavailable');
    expect(classifyExit(end(127, { spawnError: 'ENOENT' }))).toBe('tool_unavailable');
    expect(classifyExit(end(2))).toBe('permanent');
    expect(classifyExit(end(137))).toBe('permanent');
  });
});
