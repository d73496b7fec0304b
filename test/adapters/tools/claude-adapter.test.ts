import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  claudeAdapter,
  createClaudeAdapter,
  parseClaudeResult,
  runProcess,
} from '../../../src/adapters/tools/index.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-repo.js';
import { fakeToolInput } from './fake-tool-input.js';

afterAll(removeTempDirs);

describe('claude adapter (fake claude on PATH)', () => {
  it('runs print mode with a JSON result, an allow-list without Bash, dontAsk, the budget cap and the model', async () => {
    const adapter = createClaudeAdapter({ model: 'opus' });
    const run = await fakeToolInput(adapter, { extra: { budgetRemainingUsd: 3.456 } });
    const r = await adapter.run(run.input);
    expect(r.errorClass, r.message).toBeUndefined();
    const [call] = await run.recorded();
    expect(call!.argv).toEqual([
      '-p',
      '--output-format',
      'json',
      '--permission-mode',
      'dontAsk',
      '--allowedTools',
      'Read,Edit,Write,Glob,Grep',
      '--no-session-persistence',
      '--max-budget-usd',
      '3.45',
      '--model',
      'opus',
    ]);
    expect(call!.stdin).toBe(run.input.prompt!.instance.rendered_text);
    // Its own key comes through; other secrets never do, and no secret is in argv.
    expect(call!.env_keys).toContain('ANTHROPIC_API_KEY');
    expect(call!.env_keys).not.toContain('GITHUB_TOKEN');
    expect(call!.env_keys).not.toContain('OPENAI_API_KEY');
    expect(call!.argv.join(' ')).not.toContain('sk-ant');
    expect(r.costUsd).toBeGreaterThan(0);
    expect(r.tokens).toEqual({ input: expect.any(Number), output: expect.any(Number) });
    expect(await readFile(path.join(run.worktree, 'docs/guide.md'), 'utf8')).toMatch(/^# guide\n/);
    const log = await readFile(run.input.logPath!, 'utf8');
    expect(log).toMatch(
      /^--- uet: step s1 attempt 1: claude \(prompt 01KANZHPF0SYXWPZGXT160754S, sha256 [0-9a-f]{12}\)\n\$ claude -p --output-format json/,
    );
    expect(log).toContain('< prompt (');
  });

  it('allows Bash only when the policy does (patch_only false)', async () => {
    const run = await fakeToolInput(claudeAdapter, { allowShell: true });
    await claudeAdapter.run(run.input);
    expect((await run.recorded())[0]!.argv).toContain('Read,Edit,Write,Glob,Grep,Bash');
  });

  it.each([
    ['rate_limit', 'rate_limit', /429/],
    ['auth', 'permanent', /Invalid API key/],
    ['budget', 'budget_exceeded', /error_max_budget_usd/],
    ['crash', 'permanent', /printed no JSON result/],
  ])('classifies FAKE_TOOL_MODE=%s as %s', async (mode, errorClass, message) => {
    const run = await fakeToolInput(claudeAdapter, { mode });
    const r = await claudeAdapter.run(run.input);
    expect(r.errorClass).toBe(errorClass);
    expect(r.message).toMatch(message);
  });

  it('reports a missing binary as tool_unavailable, with what to install', async () => {
    const run = await fakeToolInput(claudeAdapter, { path: '/nonexistent' });
    const r = await claudeAdapter.run(run.input);
    expect(r).toMatchObject({ errorClass: 'tool_unavailable' });
    expect(r.message).toContain('install Claude Code');
  });

  it('times out a tool that hangs', async () => {
    const run = await fakeToolInput(claudeAdapter, { mode: 'slow', extra: { timeoutMs: 800 } });
    expect((await claudeAdapter.run(run.input)).errorClass).toBe('timeout');
  });

  it('refuses a step without a prompt', async () => {
    const run = await fakeToolInput(claudeAdapter);
    const { prompt: _omit, ...input } = run.input;
    expect((await claudeAdapter.run(input)).errorClass).toBe('permanent');
  });
});

describe('parseClaudeResult', () => {
  it('reads cost, tokens with cache counts, and the last result line after noise', () => {
    const out =
      'warning: something\n{"type":"result","subtype":"success","is_error":false,"result":"ok","total_cost_usd":0.42,"usage":{"input_tokens":10,"cache_creation_input_tokens":5,"cache_read_input_tokens":100,"output_tokens":7}}\n';
    expect(parseClaudeResult(out)).toEqual({
      found: true,
      costUsd: 0.42,
      tokens: { input: 115, output: 7 },
      result: 'ok',
    });
    expect(parseClaudeResult('not json')).toEqual({ found: false });
    expect(
      parseClaudeResult('{"type":"result","subtype":"error_max_turns","is_error":true}').errorClass,
    ).toBe('permanent');
    expect(
      parseClaudeResult('{"type":"result","is_error":true,"result":"API Error: 529 overloaded"}').errorClass,
    ).toBe('transient_error');
  });
});

describe('secrets in logs', () => {
  it('redacts the values of secret variables from the log and the tail', async () => {
    const dir = await makeTempDir();
    const logPath = path.join(dir, 'x.log');
    const r = await runProcess({
      command: 'echo "key=$MY_API_KEY done"',
      cwd: dir,
      env: { PATH: process.env.PATH!, MY_API_KEY: 'supersecretvalue' },
      timeoutMs: 5000,
      logPath,
      redact: ['supersecretvalue'],
    });
    expect(r.outputTail).toBe('key=[redacted] done\n');
    expect(await readFile(logPath, 'utf8')).not.toContain('supersecretvalue');
  });
});
