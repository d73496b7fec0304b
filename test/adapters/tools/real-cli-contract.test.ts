import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildClaudeArgv,
  buildCodexArgv,
  buildToolProcessEnv,
  claudeAdapter,
  codexAdapter,
  parseClaudeResult,
  parseCodexEvents,
  type ToolAdapter,
} from '../../../src/adapters/tools/index.js';
import type { ToolPrompt } from '../../../src/core/prompt/index.js';
import { declaredOptions, optionsIn } from '../../support/cli-help-options.js';
import { claudeWrites, codexAddFiles, codexApplyPatch, toolsThenReply, type ModelStandIn } from '../../support/model-stand-in/index.js';
import { useModelStandIns } from '../../support/model-stand-in/use-model-stand-ins.js';
import { realClisOrSkip } from '../../support/real-clis.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-repo.js';
import { fakeToolInput } from './fake-tool-input.js';

const clis = realClisOrSkip();
const standIn = useModelStandIns();
afterAll(removeTempDirs);

const prompt = { instance: { rendered_text: 'x' }, files: ['a.md'], allowShell: true } as unknown as ToolPrompt;
const help = (...args: string[]) => async () => {
  const home = await makeTempDir('uet-help-home-');
  return execFileSync(path.join(clis.bin!, args[0]!), args.slice(1), { env: { PATH: process.env.PATH ?? '', HOME: home }, encoding: 'utf8' });
};

/** The adapter run twice on the same step: with the fake CLI, and with the real one pointed at `standIn`. */
async function both(adapter: ToolAdapter, mode: string | undefined, standIn: ModelStandIn, vars: Record<string, string>) {
  const fake = await fakeToolInput(adapter, mode ? { mode } : {});
  const fakeResult = await adapter.run(fake.input);
  const real = await fakeToolInput(adapter);
  const home = await makeTempDir('uet-real-home-');
  const env = buildToolProcessEnv({ ...real.input.env, PATH: `${clis.bin}:${path.dirname(process.execPath)}:/usr/bin:/bin`, HOME: home }, vars, adapter.envPassThrough);
  const realResult = await adapter.run({ ...real.input, timeoutMs: 90_000, env });
  const stdout = async (run: typeof fake) => {
    const log = await readFile(run.input.logPath!, 'utf8');
    return log.split('\n').filter((l) => l.startsWith('{')).join('\n');
  };
  return { fake: { result: fakeResult, stdout: await stdout(fake) }, real: { result: realResult, stdout: await stdout(real) } };
}

const keys = (o: unknown) => Object.keys(o as object).sort();

describe.skipIf(clis.bin === undefined)('the real CLIs accept what UET passes (contract of the recorded --help texts)', { timeout: 120_000 }, () => {
  it('claude 2.1.328 --help declares every flag of buildClaudeArgv', async () => {
    const declared = declaredOptions(await help('claude', '--help')());
    const argv = buildClaudeArgv({ prompt, budgetRemainingUsd: 1 }, { model: 'opus', settingsFile: '/s.json' });
    expect(optionsIn(argv).filter((o) => !declared.has(o))).toEqual([]);
  });

  it('codex 0.169.0 exec --help declares every flag of buildCodexArgv', async () => {
    const declared = declaredOptions(await help('codex', 'exec', '--help')());
    for (const allowShell of [true, false]) {
      const argv = buildCodexArgv('/tmp/last.txt', { model: 'gpt-5-codex', allowShell, endpoint: { baseUrl: 'http://x/v1' } });
      expect(optionsIn(argv).filter((o) => !declared.has(o))).toEqual([]);
    }
  });
});

describe.skipIf(clis.bin === undefined)('the fake CLIs answer as the real ones do (contract test of test/fixtures/fake-tools)', { timeout: 120_000 }, () => {
  it('claude: a success has the fields UET reads, of the same types, and is parsed alike', async () => {
    const s = await standIn(toolsThenReply(claudeWrites({ 'docs/guide.md': '# guide\n' })));
    const r = await both(claudeAdapter, undefined, s, { ANTHROPIC_BASE_URL: s.url, ANTHROPIC_API_KEY: 'sk-ant-contract-0123456789' });
    expect(r.real.result.errorClass, r.real.result.message).toBeUndefined();
    expect(r.fake.result.errorClass).toBeUndefined();
    const [fake, real] = [JSON.parse(r.fake.stdout) as Record<string, unknown>, JSON.parse(r.real.stdout) as Record<string, unknown>];
    for (const k of ['type', 'subtype', 'is_error', 'result', 'total_cost_usd', 'usage', 'permission_denials', 'session_id', 'num_turns', 'duration_ms'])
      expect([k, typeof fake[k]]).toEqual([k, typeof real[k]]);
    expect(keys(fake.usage)).toEqual(expect.arrayContaining(['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens']));
    expect(keys(real.usage)).toEqual(expect.arrayContaining(['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens']));
    expect([fake.subtype, fake.is_error]).toEqual([real.subtype, real.is_error]);
  });

  it('claude: an invalid key reads the same from the fake and the real CLI', async () => {
    const s = await standIn(() => ({ kind: 'error', status: 401, message: 'invalid x-api-key' }));
    const r = await both(claudeAdapter, 'auth', s, { ANTHROPIC_BASE_URL: s.url, ANTHROPIC_API_KEY: 'sk-ant-contract-0123456789' });
    const [fake, real] = [JSON.parse(r.fake.stdout) as Record<string, unknown>, JSON.parse(r.real.stdout) as Record<string, unknown>];
    for (const k of ['subtype', 'is_error', 'api_error_status', 'api_error_type', 'result']) expect([k, fake[k]]).toEqual([k, real[k]]);
    expect(parseClaudeResult(r.fake.stdout).errorClass).toBe(parseClaudeResult(r.real.stdout).errorClass);
    expect(r.fake.result).toMatchObject({ errorClass: 'permanent', message: r.real.result.message });
  });

  it('codex: a success prints the same kinds of events, and an invalid key the same error', async () => {
    const ok = await standIn(toolsThenReply(() => [codexApplyPatch(codexAddFiles({ 'docs/guide.md': '# guide\n' }))]));
    const vars = { OPENAI_BASE_URL: ok.openaiBaseUrl, OPENAI_API_KEY: 'sk-openai-contract-0123456789' };
    const r = await both(codexAdapter, undefined, ok, vars);
    expect(r.real.result.errorClass, `${r.real.result.message}\n${r.real.result.outputTail}`).toBeUndefined();
    const kinds = (out: string) => [...new Set(out.split('\n').map((l) => { const e = JSON.parse(l) as { type: string; item?: { type: string } }; return e.item ? `${e.type}:${e.item.type}` : e.type; }))].sort();
    expect(kinds(r.fake.stdout)).toEqual(kinds(r.real.stdout).filter((k) => !k.startsWith('item.started')));
    const usage = (out: string) => keys((out.split('\n').map((l) => JSON.parse(l) as { type: string; usage?: object }).find((e) => e.type === 'turn.completed'))!.usage);
    expect(usage(r.real.stdout)).toEqual(expect.arrayContaining(usage(r.fake.stdout)));
    const bad = await standIn(() => ({ kind: 'error', status: 401, message: 'Incorrect API key provided' }));
    const a = await both(codexAdapter, 'auth', bad, { ...vars, OPENAI_BASE_URL: bad.openaiBaseUrl });
    expect(parseCodexEvents(a.fake.stdout).errorClass).toBe('permanent');
    expect(parseCodexEvents(a.real.stdout).errorClass).toBe('permanent');
    expect(parseCodexEvents(a.real.stdout).errors.at(-1)).toContain(parseCodexEvents(a.fake.stdout).errors.at(-1));
  });
});

