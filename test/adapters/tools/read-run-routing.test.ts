import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { compareVersions, readRunRouting, referencedTools } from '../../../src/adapters/tools/index.js';
import { ContractError } from '../../../src/core/errors.js';
import { BUILT_IN_ROUTER_CONFIG } from '../../../src/core/router/index.js';
import { makeTempDir, removeTempDirs, writeFiles } from '../helpers/temp-repo.js';
import { fakeTools } from './fake-tool-input.js';

afterAll(removeTempDirs);

const env = (extra: Record<string, string> = {}) => ({
  PATH: `${fakeTools}:${process.env.PATH ?? ''}`,
  HOME: process.env.HOME,
  ...extra,
});

describe('readRunRouting: what a new run records about its tools', () => {
  it('uses the built-in default without .uet/router_config.json, and finds the fake CLIs at their versions', async () => {
    const dir = await makeTempDir();
    const r = await readRunRouting(dir, env());
    expect(r.routing).toEqual({
      router_config: BUILT_IN_ROUTER_CONFIG,
      source: 'built-in',
      available_tools: ['shell', 'claude', 'codex', 'aider'],
    });
    expect(r.probes).toEqual([
      { tool_id: 'claude', available: true, version: '2.1.330' },
      { tool_id: 'codex', available: true, version: '0.169.0' },
      { tool_id: 'aider', available: true, version: '0.86.1' },
    ]);
  });

  it('reads .uet/router_config.json and the project profile; a missing tool, an old one or a broken custom adapter is unavailable', async () => {
    const dir = await makeTempDir();
    await writeFiles(dir, {
      '.uet/router_config.json': JSON.stringify({
        tools: {
          aider: { kind: 'tool', min_version: '9.0.0' },
          gpt: { kind: 'tool', adapter: 'codex', binary: 'no-such-codex' },
        },
        rules: [{ rule_id: 'docs', match: { domain: 'documentation' }, tools: ['aider', 'gpt', 'adr'] }],
        custom_adapters: { adr: { module: 'scripts/missing.mjs' } },
      }),
      '.uet/PROJECT_PROFILE.yaml': [
        'project_name: demo',
        'root: .',
        'domain: documentation',
        'profile_id: documentation',
        'framework_paths: {}',
        'constraints: {max_lines_changed: 200, ascii_only: true}',
        'generated_at: "2026-01-01T00:00:00Z"',
        'generator: {name: uet, version: 0.1.0}',
      ].join('\n'),
    });
    const r = await readRunRouting(dir, env());
    expect(r.routing.source).toBe('.uet/router_config.json');
    expect(r.routing.domain).toBe('documentation');
    expect(r.constraints).toEqual({ max_lines_changed: 200, ascii_only: true });
    expect(r.routing.available_tools).toEqual(['shell', 'claude', 'codex']);
    const why = Object.fromEntries(r.probes.filter((p) => !p.available).map((p) => [p.tool_id, p.reason]));
    expect(why).toEqual({
      aider: 'aider 0.86.1 is older than the minimal 9.0.0',
      gpt: 'no-such-codex is not on PATH',
      adr: expect.stringContaining(
        'custom adapter adr (scripts/missing.mjs, export default): cannot load the module',
      ),
    });
  });

  it('refuses an invalid router_config with its JSON pointers (bad input)', async () => {
    const dir = await makeTempDir();
    await writeFiles(dir, {
      '.uet/router_config.json': JSON.stringify({ rules: [{ rule_id: 'x', tools: [], strategy: 'random' }] }),
    });
    const err = await readRunRouting(dir, env()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContractError);
    expect((err as ContractError).message).toContain('/rules/0/strategy');
  });

  it('lists every tool a config can route to, and compares versions numerically', () => {
    expect(
      referencedTools({
        routes: [{ task_kind: 'docs', tools: ['cursor'] }],
        defaults: { tool_id: 'x', fallbacks: ['shell'] },
      }),
    ).toEqual(['claude', 'codex', 'aider', 'cursor', 'x']);
    expect(compareVersions('0.86.1', '0.100.0')).toBeLessThan(0);
    expect(compareVersions('2.1.330', '2.1.0')).toBeGreaterThan(0);
  });

  it('the fake CLIs reject flags their real counterparts do not have', async () => {
    const fail = await promisify(execFile)(`${fakeTools}/claude`, ['-p', '--frobnicate']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(fail).toMatchObject({ code: 2, stderr: "error: unknown option '--frobnicate'\n" });
    const aider = await promisify(execFile)(`${fakeTools}/aider`, ['--auto-commits']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(aider).toMatchObject({
      code: 2,
      stderr: 'aider: error: unrecognized arguments: --auto-commits\n',
    });
  });
});
