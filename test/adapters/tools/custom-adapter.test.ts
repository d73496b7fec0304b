import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createCustomAdapter,
  createToolRegistry,
  loadCustomAdapter,
  toToolResult,
} from '../../../src/adapters/tools/index.js';
import { makeTempDir, removeTempDirs, writeFiles } from '../helpers/temp-repo.js';
import { fakeToolInput } from './fake-tool-input.js';

afterAll(removeTempDirs);

const MODULE = `
export const adrGenerator = { async run(input) { return { exitCode: 0, costUsd: 0, outputTail: 'wrote ' + input.prompt.files.join(',') }; } };
export class DocumentationGeneratorAdapter { run() { return { status: 'success', files_created: ['docs/adr/0009.md'] }; } }
export function plain() { return { status: 'error' }; }
export const broken = { run() { throw new Error('boom'); } };
export const notAnAdapter = 42;
export default { run: () => ({ exitCode: 3, errorClass: 'rate_limit', message: 'slow down' }) };
`;

async function repo(): Promise<string> {
  const dir = await makeTempDir('uet-custom-');
  await writeFiles(dir, { 'scripts/uet-adapter.mjs': MODULE });
  return dir;
}

describe('custom adapters (router_config custom_adapters)', () => {
  it("loads an object, a class (the seed's `class` alias) or a function export, and runs it with the prompt", async () => {
    const dir = await repo();
    const { input } = await fakeToolInput({
      id: 'adr_generator',
      run: () => Promise.reject(new Error('unused')),
    });
    const run = (spec: { module: string; export?: string; class?: string }) =>
      createCustomAdapter('adr_generator', spec, dir).run(input);
    expect(await run({ module: 'scripts/uet-adapter.mjs', export: 'adrGenerator' })).toMatchObject({
      exitCode: 0,
      costUsd: 0,
      outputTail: 'wrote README.md,docs/guide.md',
    });
    expect(
      await run({ module: 'scripts/uet-adapter.mjs', class: 'DocumentationGeneratorAdapter' }),
    ).toMatchObject({ exitCode: 0 });
    expect((await run({ module: 'scripts/uet-adapter.mjs', export: 'plain' })).errorClass).toBe('permanent');
    expect(await run({ module: './scripts/uet-adapter.mjs' })).toMatchObject({
      exitCode: 3,
      errorClass: 'rate_limit',
      message: 'slow down',
    });
    expect(await run({ module: 'scripts/uet-adapter.mjs', export: 'broken' })).toMatchObject({
      errorClass: 'permanent',
      message: 'custom adapter adr_generator threw: boom',
    });
  });

  it('gives one clear message for a missing module, a missing export, a non-adapter, or a Python path', async () => {
    const dir = await repo();
    const message = async (spec: { module: string; export?: string }) => {
      const r = await loadCustomAdapter('x', spec, dir);
      return r.ok ? 'loaded' : r.message;
    };
    expect(await message({ module: 'scripts/missing.mjs' })).toBe(
      `custom adapter x (scripts/missing.mjs, export default): cannot load the module: scripts/missing.mjs does not exist (looked for ${path.join(dir, 'scripts/missing.mjs')})`,
    );
    expect(await message({ module: 'scripts/uet-adapter.mjs', export: 'nope' })).toMatch(
      /has no export "nope" \(it exports: /,
    );
    expect(await message({ module: 'scripts/uet-adapter.mjs', export: 'notAnAdapter' })).toMatch(
      /the export is not a tool adapter/,
    );
    expect(await message({ module: 'scripts.uet_custom_adapter' })).toMatch(
      /looks like a Python module path \(seed 2's format\)/,
    );
    expect(await message({ module: 'no-such-package' })).toMatch(/package no-such-package is not installed/);
  });

  it('a custom adapter that cannot load fails the attempt as tool_unavailable, so routing falls back', async () => {
    const dir = await repo();
    const { input } = await fakeToolInput({ id: 'x', run: () => Promise.reject(new Error('unused')) });
    const r = await createCustomAdapter('x', { module: 'scripts/missing.mjs' }, dir).run(input);
    expect(r).toMatchObject({ errorClass: 'tool_unavailable', exitCode: 127 });
  });

  it('the registry adds custom adapters and configured tools (an alias with its own binary and model)', async () => {
    const dir = await repo();
    const registry = createToolRegistry(
      {
        tools: {
          'claude-opus': { kind: 'tool', adapter: 'claude', model: 'opus' },
          quick: { kind: 'tool', adapter: 'adr' },
          shell: { kind: 'tool' },
        },
        custom_adapters: {
          adr: { module: 'scripts/uet-adapter.mjs', export: 'adrGenerator' },
          claude: { module: 'x.mjs' },
        },
      },
      dir,
    );
    expect([...registry.keys()]).toEqual([
      'shell',
      'claude',
      'codex',
      'aider',
      'adr',
      'claude-opus',
      'quick',
    ]);
    expect(registry.get('claude-opus')).toMatchObject({ id: 'claude-opus', binary: 'claude' });
    expect(registry.get('claude')!.envPassThrough).toContain('ANTHROPIC_API_KEY'); // a custom id may not shadow a built-in one
    const { input } = await fakeToolInput(registry.get('quick')!);
    expect((await registry.get('quick')!.run(input)).exitCode).toBe(0);
  });

  it('turns odd results into ToolResults', () => {
    expect(toToolResult(null, 5)).toMatchObject({ errorClass: 'permanent', durationMs: 5 });
    expect(toToolResult({ status: 'success' }, 5)).toEqual({
      exitCode: 0,
      outputTail: '{"status":"success"}',
      durationMs: 5,
    });
  });

  it('keeps what a custom adapter reports within the run_event contract', () => {
    // An error class the engine does not know, a negative or non-finite cost, tokens that are not counts.
    expect(toToolResult({ exitCode: 0, errorClass: 'bogus', costUsd: -5 }, 5)).toMatchObject({
      errorClass: 'permanent',
      message: 'the custom adapter reported an unknown error class "bogus"',
    });
    expect(toToolResult({ exitCode: 0, errorClass: 'bogus', costUsd: -5 }, 5)).not.toHaveProperty('costUsd');
    expect(toToolResult({ costUsd: Number.NaN, tokens: { input: 'lots', output: 2 } }, 5)).toEqual({
      exitCode: 0,
      outputTail: '{"costUsd":null,"tokens":{"input":"lots","output":2}}',
      durationMs: 5,
    });
    expect(toToolResult({ costUsd: 0.25, tokens: { input: 10, output: 2.7 } }, 5)).toMatchObject({ costUsd: 0.25, tokens: { input: 10, output: 3 } });
    // A non-zero exit code without an error class is a failure, as for any other tool.
    expect(toToolResult({ exitCode: 2 }, 5)).toMatchObject({ exitCode: 2, errorClass: 'permanent', message: 'the custom adapter exited with 2' });
  });

  it("stops waiting for a custom adapter at the attempt's timeout or cancellation", async () => {
    const dir = await makeTempDir('uet-custom-');
    await writeFiles(dir, { 'scripts/hang.mjs': 'export default { run: () => new Promise(() => {}) };\n' });
    const { input } = await fakeToolInput({ id: 'hang', run: () => Promise.reject(new Error('unused')) });
    const adapter = createCustomAdapter('hang', { module: 'scripts/hang.mjs' }, dir);
    expect(await adapter.run({ ...input, timeoutMs: 50 })).toMatchObject({
      errorClass: 'timeout',
      message: 'custom adapter hang timed out after 50 ms',
    });
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 20);
    expect(await adapter.run({ ...input, timeoutMs: 60_000, signal: cancel.signal })).toMatchObject({
      errorClass: 'canceled',
    });
  });
});
