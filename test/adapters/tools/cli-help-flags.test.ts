import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAiderArgv, buildClaudeArgv, buildCodexArgv } from '../../../src/adapters/tools/index.js';
import type { ToolPrompt } from '../../../src/core/prompt/index.js';
import { declaredOptions, optionsIn } from '../../support/cli-help-options.js';

const copies = path.resolve(import.meta.dirname, '../../fixtures/cli-help');
const shared = path.resolve(import.meta.dirname, '../../../../shared/reference/cli-help');
const help = (file: string) => readFileSync(path.join(copies, file), 'utf8');

/** Every option our adapters can pass: all settings on (model, budget, Bash allowed). */
const prompt = {
  instance: { rendered_text: 'x' },
  files: ['a.md'],
  allowShell: true,
} as unknown as ToolPrompt;

describe('the flags our adapters pass exist in the recorded --help texts', () => {
  it('the committed copies equal ../shared/reference/cli-help when it is present', () => {
    if (!existsSync(shared)) return;
    for (const f of ['claude-help.txt', 'codex-help.txt', 'codex-exec-help.txt'])
      expect(readFileSync(path.join(copies, f), 'utf8'), f).toBe(readFileSync(path.join(shared, f), 'utf8'));
  });

  it('claude (Claude Code 2.1.330)', () => {
    const declared = declaredOptions(help('claude-help.txt'));
    const argv = buildClaudeArgv({ prompt, budgetRemainingUsd: 1 }, { model: 'opus' });
    expect(optionsIn(argv).filter((o) => !declared.has(o))).toEqual([]);
    expect(help('claude-help.txt')).toMatch(
      /"acceptEdits", "auto",\s+"bypassPermissions", "manual",\s+"dontAsk"/,
    ); // --permission-mode dontAsk
    expect(help('claude-help.txt')).toMatch(/--max-budget-usd <amount>.*\n.*only works with --print/);
  });

  it('codex exec (Codex CLI 0.169.0)', () => {
    expect(help('codex-help.txt')).toMatch(/^\s+exec\s+Run Codex non-interactively/m);
    const declared = declaredOptions(help('codex-exec-help.txt'));
    const argv = buildCodexArgv('/tmp/last.txt', { model: 'gpt-5-codex' });
    expect(argv[0]).toBe('exec');
    expect(optionsIn(argv).filter((o) => !declared.has(o))).toEqual([]);
    expect(help('codex-exec-help.txt')).toContain(
      '[possible values: read-only, workspace-write, danger-full-access]',
    );
    expect(help('codex-exec-help.txt')).toMatch(
      /If not provided as an argument \(or if `-` is used\),\s+instructions are read from stdin/,
    );
  });

  it('aider (no recorded help: its documented flags, which the fake aider also enforces)', () => {
    const documented = new Set([
      '--message',
      '--yes-always',
      '--no-auto-commits',
      '--no-dirty-commits',
      '--no-check-update',
      '--no-analytics',
      '--no-gitignore',
      '--no-pretty',
      '--chat-history-file',
      '--input-history-file',
      '--config',
      '--model',
    ]);
    const argv = buildAiderArgv(
      { prompt },
      { chatHistoryFile: '/l/c.md', inputHistoryFile: '/l/i', configFile: '/l/c.yml' },
      { model: 'sonnet' },
    );
    expect(optionsIn(argv).filter((o) => !documented.has(o))).toEqual([]);
    const fake = readFileSync(
      path.resolve(import.meta.dirname, '../../fixtures/fake-tools/fake-tool.mjs'),
      'utf8',
    );
    for (const o of documented) expect(fake).toContain(`'${o}'`);
  });
});
