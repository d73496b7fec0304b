import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist } from './support/build-dist.js';
import { createActionRepo, RUN_ID, runAction, stepInputs } from './support/action-repo.js';

beforeAll(buildDist);

const FAKE_TOOLS = join(import.meta.dirname, '../fixtures/fake-tools');

/**
 * A runner whose PATH has the fake CLIs behind wrappers that record each call (the tool, its argv and the names
 * in its environment) to `record`, whatever environment the adapter gives the tool.
 */
function toolEnv(record: string, extra: Record<string, string> = {}): Record<string, string> {
  const bin = join(record, '..', 'bin');
  mkdirSync(bin, { recursive: true });
  for (const tool of ['claude', 'codex', 'aider'])
    writeFileSync(
      join(bin, tool),
      `#!/bin/sh\nnode -e 'require("fs").appendFileSync(process.argv[1], JSON.stringify({ tool: process.argv[2], argv: process.argv.slice(3), env_keys: Object.keys(process.env).sort() }) + "\\n")' '${record}' ${tool} "$@"\nexec '${FAKE_TOOLS}/${tool}' "$@"\n`,
      { mode: 0o755 },
    );
  return { PATH: `${bin}:${process.env.PATH ?? ''}`, ...extra };
}
const calls = (record: string) =>
  existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { tool: string; argv: string[]; env_keys: string[] }) : [];

/** A claude step s1 that must create notes.md, validated by a command that leaves a marker beside the checkout. */
const claudeRepo = () =>
  createActionRepo({ command: 'Write the release notes', tool: 'claude', createFiles: ['notes.md'], validation: 'test -f notes.md && touch ../validation-ran', maxCostUsd: 2 });

describe('action: the tool job and the sandbox (ADR 0016)', () => {
  it('runs only the AI tool in the tool job (with its key and the budget from the ledger), and the validation in the sandbox', async () => {
    const repo = claudeRepo();
    const record = join(repo.root, 'calls.jsonl');
    const toolDir = join(repo.root, 'tool');
    const tool = await runAction(repo.clone('tool'), { ...stepInputs(toolDir, 'tool'), tool: 'claude' }, toolEnv(record, { ANTHROPIC_API_KEY: 'sk-ant-test-key' }));
    expect(tool.code, tool.stdout + tool.stderr).toBe(0);
    expect(tool.outputs.artifact_name).toBe(`uet-${RUN_ID}-s1-1-tool`);
    const toolRecord = JSON.parse(readFileSync(join(toolDir, 'attempt.json'), 'utf8')) as Record<string, unknown>;
    expect(toolRecord).toMatchObject({ ok: true, tool_id: 'claude', validation: 'skipped', files_changed: 1 });
    expect(existsSync(join(toolDir, 'patch.json'))).toBe(true);
    // The validation is repository code: it did not run where the key is.
    expect(existsSync(join(repo.root, 'validation-ran'))).toBe(false);
    const [call] = calls(record);
    expect(call!.tool).toBe('claude');
    expect(call!.env_keys).toContain('ANTHROPIC_API_KEY');
    // The run's budget ($2, nothing spent) reaches claude as --max-budget-usd, read from the ledger.
    expect(call!.argv.slice(call!.argv.indexOf('--max-budget-usd'), call!.argv.indexOf('--max-budget-usd') + 2)).toEqual(['--max-budget-usd', '2.00']);

    const patchDir = join(repo.root, 'patch');
    const sandbox = await runAction(repo.clone('sandbox'), { ...stepInputs(patchDir, 'execute'), tool: 'claude', tool_dir: toolDir }, toolEnv(record));
    expect(sandbox.code, sandbox.stdout + sandbox.stderr).toBe(0);
    expect(sandbox.outputs).toMatchObject({ conclusion: 'success', artifact_name: `uet-${RUN_ID}-s1-1-attempt` });
    expect(existsSync(join(repo.root, 'validation-ran'))).toBe(true);
    expect(calls(record)).toHaveLength(1); // the sandbox never runs the AI tool
    expect(JSON.parse(readFileSync(join(patchDir, 'attempt.json'), 'utf8'))).toMatchObject({ ok: true, validation: 'passed', tool_id: 'claude' });

    const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'));
    expect(integ.code, integ.stdout + integ.stderr).toBe(0);
    expect(integ.outputs.ledger_state).toBe('committed');
    expect(repo.ledgerEvents().at(-1)).toMatchObject({ type: 'step_succeeded', data: { step_id: 's1' } });
  });

  it('a sandbox whose validation fails records the failure with the tool cost', async () => {
    const repo = createActionRepo({ command: 'Write the notes', tool: 'claude', createFiles: ['notes.md'], validation: 'exit 3' });
    const record = join(repo.root, 'calls.jsonl');
    const toolDir = join(repo.root, 'tool');
    expect((await runAction(repo.clone('tool'), { ...stepInputs(toolDir, 'tool'), tool: 'claude' }, toolEnv(record))).code).toBe(0);
    const patchDir = join(repo.root, 'patch');
    const sandbox = await runAction(repo.clone('sandbox'), { ...stepInputs(patchDir, 'execute'), tool: 'claude', tool_dir: toolDir }, toolEnv(record));
    expect(sandbox.code, sandbox.stdout + sandbox.stderr).toBe(0);
    const final = JSON.parse(readFileSync(join(patchDir, 'attempt.json'), 'utf8')) as Record<string, unknown>;
    expect(final).toMatchObject({ ok: false, validation: 'failed', error_class: 'validation_failed', exit_code: 3 });
    expect(final.cost_usd).toBeGreaterThan(0);
  });
});

describe('attack: a dispatch whose tool input lies about the route', () => {
  it('is refused by the tool job before the tool runs (tool: codex for a claude step)', async () => {
    const repo = claudeRepo();
    const record = join(repo.root, 'calls.jsonl');
    const toolDir = join(repo.root, 'tool');
    const run = await runAction(repo.clone('tool'), { ...stepInputs(toolDir, 'tool'), tool: 'codex' }, toolEnv(record, { CODEX_API_KEY: 'sk-codex' }));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::error::the dispatch's tool input is "codex", but the run's ledger routes s1 to the claude job`);
    expect(calls(record)).toEqual([]);
    expect(existsSync(join(toolDir, 'attempt.json'))).toBe(false);
  });

  it('is refused by the tool job for a shell step: the command never runs where a key is', async () => {
    const repo = createActionRepo({ command: 'touch ../shell-ran' });
    const run = await runAction(repo.clone('tool'), { ...stepInputs(join(repo.root, 'tool'), 'tool'), tool: 'claude' }, { ANTHROPIC_API_KEY: 'sk-ant-test-key' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('routes s1 to no AI tool');
    expect(existsSync(join(repo.root, 'shell-ran'))).toBe(false);
  });

  it('is refused by the sandbox (tool: none for a claude step): neither the tool nor the validation runs', async () => {
    const repo = claudeRepo();
    const record = join(repo.root, 'calls.jsonl');
    const run = await runAction(repo.clone('sandbox'), stepInputs(join(repo.root, 'patch'), 'execute'), toolEnv(record));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::error::the dispatch's tool input is "none", but the run's ledger routes s1 to the claude job`);
    expect(calls(record)).toEqual([]);
    expect(existsSync(join(repo.root, 'validation-ran'))).toBe(false);
  });
});
