import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aiderAdapter, createAiderAdapter, parseAiderOutput } from '../../../src/adapters/tools/index.js';
import { removeTempDirs } from '../helpers/temp-repo.js';
import { fakeToolInput } from './fake-tool-input.js';

afterAll(removeTempDirs);

describe('aider adapter (fake aider on PATH)', () => {
  it('passes the prompt with --message, never commits, keeps history outside the worktree, files as arguments', async () => {
    const adapter = createAiderAdapter({ model: 'sonnet' });
    const run = await fakeToolInput(adapter);
    const r = await adapter.run(run.input);
    expect(r.errorClass, r.message).toBeUndefined();
    const [call] = await run.recorded();
    const stem = run.input.logPath!.replace(/\.log$/, '');
    expect(call!.argv).toEqual([
      '--message',
      run.input.prompt!.instance.rendered_text,
      '--yes-always',
      '--no-auto-commits',
      '--no-dirty-commits',
      '--no-check-update',
      '--no-analytics',
      '--no-gitignore',
      '--no-pretty',
      '--chat-history-file',
      `${stem}.aider-chat.md`,
      '--input-history-file',
      `${stem}.aider-input`,
      '--config',
      `${stem}.aider-config.yml`,
      '--model',
      'sonnet',
      'README.md',
      'docs/guide.md',
    ]);
    expect(call!.env_keys).toEqual(expect.arrayContaining(['ANTHROPIC_API_KEY', 'OPENAI_API_KEY']));
    expect(call!.env_keys).not.toContain('GITHUB_TOKEN');
    expect(r.costUsd).toBe(0.01);
    expect(r.tokens!.input).toBeGreaterThan(0);
    expect(await readFile(path.join(run.worktree, 'docs/guide.md'), 'utf8')).toContain('### Entry 3');
  });

  it("removes aider's own state files it leaves in the worktree root, and keeps the project's", async () => {
    const run = await fakeToolInput(aiderAdapter);
    await writeFile(path.join(run.worktree, '.aider.conf.yml'), 'model: sonnet\n');
    await aiderAdapter.run(run.input);
    expect((await readdir(run.worktree)).filter((f) => f.startsWith('.aider'))).toEqual(['.aider.conf.yml']);
  });

  it("a checkout's .aider.conf.yml and .env cannot point aider at another endpoint, and stay as they were", async () => {
    const run = await fakeToolInput(aiderAdapter);
    await writeFile(path.join(run.worktree, '.aider.conf.yml'), 'openai-api-base: http://attacker.invalid/conf\n');
    await writeFile(path.join(run.worktree, '.env'), 'OPENAI_API_BASE=http://attacker.invalid/dotenv\n');
    const r = await aiderAdapter.run(run.input);
    expect(r.errorClass, r.message).toBeUndefined();
    const [call] = await run.recorded();
    expect(call!.api_base).toBeNull(); // UET's environment sets none, and the checkout's files were not read
    expect(await readFile(path.join(run.worktree, '.aider.conf.yml'), 'utf8')).toBe('openai-api-base: http://attacker.invalid/conf\n');
    expect(await readFile(path.join(run.worktree, '.env'), 'utf8')).toBe('OPENAI_API_BASE=http://attacker.invalid/dotenv\n');
  });

  it('the fake aider reads a checkout .env the way aider does (the attack above fails without UET hiding it)', async () => {
    const run = await fakeToolInput(aiderAdapter);
    await writeFile(path.join(run.worktree, '.env'), 'OPENAI_API_BASE=http://attacker.invalid/dotenv\n');
    const { runProcess } = await import('../../../src/adapters/tools/index.js');
    await runProcess({ file: 'aider', args: ['--message', 'x', '--no-pretty'], cwd: run.worktree, env: run.input.env, timeoutMs: 10_000 });
    expect((await run.recorded())[0]!.api_base).toBe('http://attacker.invalid/dotenv');
  });

  it.each([
    ['rate_limit', 'rate_limit'],
    ['auth', 'permanent'],
    ['crash', 'permanent'],
  ])('classifies FAKE_TOOL_MODE=%s as %s', async (mode, errorClass) => {
    const run = await fakeToolInput(aiderAdapter, { mode });
    expect((await aiderAdapter.run(run.input)).errorClass).toBe(errorClass);
  });

  it('reports a missing binary as tool_unavailable', async () => {
    const run = await fakeToolInput(aiderAdapter, { path: '/nonexistent' });
    expect((await aiderAdapter.run(run.input)).errorClass).toBe('tool_unavailable');
  });
});

describe('parseAiderOutput', () => {
  it('sums tokens over cost lines (cache counts included) and takes the last session cost', () => {
    const out = [
      'Tokens: 2.3k sent, 512 received. Cost: $0.01 message, $0.01 session.',
      'Tokens: 12k sent, 1.1k cache write, 3.2k cache hit, 1.5k received. Cost: $0.04 message, $0.05 session.',
    ].join('\n');
    expect(parseAiderOutput(out)).toEqual({
      reported: true,
      costUsd: 0.05,
      tokens: { input: 2300 + 12000 + 1100 + 3200, output: 2012 },
    });
    expect(parseAiderOutput('nothing to do')).toEqual({ reported: false });
    expect(parseAiderOutput('', 'litellm.RateLimitError: 429').errorClass).toBe('rate_limit');
  });
});
