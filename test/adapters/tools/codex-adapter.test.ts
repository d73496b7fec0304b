import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codexAdapter, createCodexAdapter, parseCodexEvents } from '../../../src/adapters/tools/index.js';
import { removeTempDirs } from '../helpers/temp-repo.js';
import { fakeToolInput } from './fake-tool-input.js';

afterAll(removeTempDirs);

describe('codex adapter (fake codex on PATH)', () => {
  it('runs codex exec with JSONL, workspace-write, no approvals, the last message beside the log, prompt on stdin', async () => {
    const adapter = createCodexAdapter({ model: 'gpt-5-codex' });
    const run = await fakeToolInput(adapter);
    const r = await adapter.run(run.input);
    expect(r.errorClass, r.message).toBeUndefined();
    const [call] = await run.recorded();
    const last = run.input.logPath!.replace(/\.log$/, '.last-message.txt');
    expect(call!.argv).toEqual([
      'exec',
      '--json',
      '--sandbox',
      'workspace-write',
      '-c',
      'approval_policy="never"',
      '--ephemeral',
      '--ignore-rules',
      '--color',
      'never',
      '-c',
      'model_provider="uet"',
      '-c',
      'model_providers.uet={ name = "OpenAI", wire_api = "responses", requires_openai_auth = true, env_http_headers = { "OpenAI-Organization" = "OPENAI_ORGANIZATION", "OpenAI-Project" = "OPENAI_PROJECT" }, request_max_retries = 1, stream_max_retries = 1, supports_websockets = false }',
      '--disable',
      'unbounded_connection_retries',
      '--disable',
      'shell_tool',
      '--disable',
      'unified_exec',
      '-c',
      'sandbox_workspace_write.exclude_slash_tmp=true',
      '-c',
      'sandbox_workspace_write.exclude_tmpdir_env_var=true',
      '--output-last-message',
      last,
      '--model',
      'gpt-5-codex',
      '-',
    ]);
    expect(call!.stdin).toBe(run.input.prompt!.instance.rendered_text);
    expect(call!.env_keys).toContain('OPENAI_API_KEY');
    expect(call!.env_keys).toContain('CODEX_API_KEY'); // Codex reads only CODEX_API_KEY: UET hands OPENAI_API_KEY over
    expect(call!.env_keys).not.toContain('ANTHROPIC_API_KEY');
    expect(r.tokens).toEqual({ input: expect.any(Number), output: expect.any(Number) });
    expect(r.costUsd).toBeUndefined(); // Codex reports tokens, not dollars
    expect(await readFile(last, 'utf8')).toBe('Done: docs/guide.md, README.md.\n');
    expect(r.message).toBe('Done: docs/guide.md, README.md.');
    expect(await readFile(path.join(run.worktree, 'docs/guide.md'), 'utf8')).toMatch(/^# guide\n/);
  });

  it.each([
    ['rate_limit', 'rate_limit', /429 Too Many Requests/],
    ['auth', 'permanent', /401 Unauthorized/],
    ['crash', 'permanent', /codex exited with 101/],
  ])('classifies FAKE_TOOL_MODE=%s as %s', async (mode, errorClass, message) => {
    const run = await fakeToolInput(codexAdapter, { mode });
    const r = await codexAdapter.run(run.input);
    expect(r.errorClass).toBe(errorClass);
    expect(r.message).toMatch(message);
  });

  it('reports a missing binary as tool_unavailable', async () => {
    const run = await fakeToolInput(codexAdapter, { path: '/nonexistent' });
    expect(await codexAdapter.run(run.input)).toMatchObject({
      errorClass: 'tool_unavailable',
      message: expect.stringContaining('install Codex CLI'),
    });
  });
});

describe('parseCodexEvents', () => {
  it('sums usage over completed turns and keeps the last agent message', () => {
    const lines = [
      { type: 'thread.started', thread_id: 't' },
      { type: 'turn.completed', usage: { input_tokens: 100, cached_input_tokens: 40, output_tokens: 10 } },
      { type: 'item.completed', item: { type: 'agent_message', text: 'first' } },
      { type: 'turn.completed', usage: { input_tokens: 50, output_tokens: 5 } },
      { type: 'item.completed', item: { type: 'agent_message', text: 'last' } },
    ].map((e) => JSON.stringify(e));
    expect(parseCodexEvents(`${lines.join('\n')}\nnot json\n`)).toEqual({
      turnsCompleted: 2,
      tokens: { input: 150, output: 15 },
      errors: [],
      lastMessage: 'last',
    });
    expect(parseCodexEvents('{"type":"error","message":"stream disconnected: 503"}').errorClass).toBe(
      'transient_error',
    );
  });
});
