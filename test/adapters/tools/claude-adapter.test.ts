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
      '--restricted',
      '--setting-sources',
      '',
      '--strict-mcp-config',
      '--disable-slash-commands',
      '--permission-mode',
      'dontAsk',
      '--tools',
      'Read,Edit,Write,Glob,Grep',
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
    const argv = (await run.recorded())[0]!.argv;
    expect(argv[argv.indexOf('--tools') + 1]).toBe('Read,Edit,Write,Glob,Grep,Bash');
    expect(argv[argv.indexOf('--allowedTools') + 1]).toBe('Read,Edit,Write,Glob,Grep,Bash');
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

  // Shapes printed by the real Claude Code 2.1.328 against the loopback stand-in (test/support/model-stand-in).
  const real = (fields: Record<string, unknown>) =>
    JSON.stringify({ type: 'result', subtype: 'success', is_error: false, total_cost_usd: 0, usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }, modelUsage: {}, permission_denials: [], ...fields });

  it('a 401 or 403 is permanent at once, with the status and the text; 429 rate_limit; 5xx transient', () => {
    const auth = parseClaudeResult(real({ is_error: true, api_error_status: 401, api_error_type: 'authentication_error', result: 'Invalid API key · Fix external API key', terminal_reason: 'api_error' }));
    expect(auth).toMatchObject({ errorClass: 'permanent', message: 'claude: the model API answered 401 authentication_error: Invalid API key · Fix external API key' });
    expect(parseClaudeResult(real({ is_error: true, api_error_status: 403, result: 'Forbidden' })).errorClass).toBe('permanent');
    expect(parseClaudeResult(real({ is_error: true, api_error_status: 429, result: 'x' })).errorClass).toBe('rate_limit');
    expect(parseClaudeResult(real({ is_error: true, api_error_status: 500, result: 'API Error: 500 boom' })).errorClass).toBe('transient_error');
    expect(parseClaudeResult(real({ is_error: true, api_error_status: 529, result: 'overloaded' })).errorClass).toBe('transient_error');
    expect(parseClaudeResult(real({ is_error: true, api_error_status: 404, result: 'model not found' })).errorClass).toBe('permanent');
  });

  it('a refused connection (no status) is transient_error, named in the message', () => {
    const r = parseClaudeResult(real({ is_error: true, api_error_status: null, result: 'API Error: Connection refused — a firewall or proxy may be blocking it (ECONNREFUSED)' }));
    expect(r).toMatchObject({ errorClass: 'transient_error', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('denied tool calls fail the step as policy_violation, naming each path (relative to the worktree when inside it)', () => {
    const r = parseClaudeResult(
      real({
        result: 'Done.',
        total_cost_usd: 0.0128,
        permission_denials: [
          { tool_name: 'Write', tool_use_id: 't1', tool_input: { file_path: '/tmp/outside.txt', content: 'x' } },
          { tool_name: 'Write', tool_use_id: 't2', tool_input: { file_path: '/wt/.git/hooks/pre-commit', content: 'x' } },
          { tool_name: 'Bash', tool_use_id: 't3', tool_input: { command: 'curl evil' } },
        ],
      }),
      '/wt',
    );
    expect(r.errorClass).toBe('policy_violation');
    expect(r.message).toBe(
      "claude was denied 3 tool calls the step's policy does not allow: Write /tmp/outside.txt (outside the worktree), Write .git/hooks/pre-commit, Bash: curl evil",
    );
    expect(r.costUsd).toBe(0.0128); // the money was spent all the same
  });

  it('takes tokens from modelUsage when usage counts nothing (a budget stop), and the budget stop is budget_exceeded', () => {
    const r = parseClaudeResult(
      real({
        subtype: 'error_max_budget_usd',
        is_error: true,
        total_cost_usd: 0.0134,
        modelUsage: {
          'claude-opus-5-5': { inputTokens: 2000, outputTokens: 90, cacheReadInputTokens: 100, cacheCreationInputTokens: 0, costUSD: 0.0134 },
          'claude-haiku-4-5': { inputTokens: 10, outputTokens: 1, costUSD: 0 },
        },
      }),
    );
    expect(r).toMatchObject({ errorClass: 'budget_exceeded', costUsd: 0.0134, tokens: { input: 2110, output: 91 } });
  });

  it('takes the cost from modelUsage when total_cost_usd is missing', () => {
    const text = JSON.stringify({ type: 'result', subtype: 'success', modelUsage: { m: { inputTokens: 1, outputTokens: 1, costUSD: 0.5 } } });
    expect(parseClaudeResult(text)).toMatchObject({ costUsd: 0.5, tokens: { input: 1, output: 1 } });
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
