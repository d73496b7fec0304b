// Item 3 of issue 18: what cannot run is refused before anything is created. An unknown tool is bad input at
// validate (an invalid document), plan and run (exit 2); steps without a usable tool make plan exit 1 and run refuse
// (exit 2) unless --allow-unavailable. "Nothing created" is checked on the repository: no branch, no run directory.
import { writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempRepo, git, removeTempDirs, writeFiles } from '../adapters/helpers/temp-repo.js';
import { runUet } from './run-uet.js';

afterAll(removeTempDirs);
/** No AI tool on PATH: only the system directories (git, bash). */
const env = { PATH: '/usr/local/bin:/usr/bin:/bin' };

async function nothingCreated(dir: string) {
  expect(await git(dir, 'for-each-ref', '--format=%(refname)', 'refs/heads/uet/')).toBe('');
  expect(existsSync(join(dir, '.uet/runs'))).toBe(false);
}

const UNKNOWN = `bundle_id: unknown-tool\nworkstreams:\n  - ws_id: WS\n    steps:\n      - { step_id: a, tool_profile_id: shell, context: { command: 'true' } }\n      - { step_id: b, tool_profile_id: nosuchtool, context: { instruction: 'do it' } }\n`;

describe('checks before a run is created', () => {
  it('an unknown tool: validate reports an invalid document, plan and run refuse with exit 2 and create nothing', async () => {
    const dir = await createTempRepo();
    writeFileSync(join(dir, 'bundle.yaml'), UNKNOWN);
    const v = await runUet(['validate', 'bundle.yaml'], { cwd: dir, env });
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('bundle.yaml: /workstreams/0/steps/1/tool_profile_id: step b: unknown tool "nosuchtool": no adapter of that name (known: shell, claude, codex, aider;');
    for (const command of ['plan', 'run']) {
      const r = await runUet([command, 'bundle.yaml'], { cwd: dir, env });
      expect(r.code, command).toBe(2);
      expect(r.stderr, command).toMatch(/^uet: bundle\.yaml: \/workstreams\/0\/steps\/1\/tool_profile_id: step b: unknown tool "nosuchtool"/);
      expect(r.stderr.trimEnd().split('\n'), command).toHaveLength(1);
    }
    await nothingCreated(dir);
  });

  it('a tool declared as a custom adapter in .uet/router_config.json is known', async () => {
    const dir = await createTempRepo({
      '.uet/router_config.json': JSON.stringify({ version: '1.0.0', custom_adapters: { nosuchtool: { module: 'adapters/x.mjs' } } }),
      'README.md': 'x\n',
    });
    writeFileSync(join(dir, 'bundle.yaml'), UNKNOWN);
    const v = await runUet(['validate', 'bundle.yaml'], { cwd: dir, env });
    expect(v.stdout).not.toContain('unknown tool');
  });

  it('steps without a usable tool: plan exits 1 and says so, run refuses (exit 2, nothing created), --allow-unavailable runs the rest', async () => {
    const dir = await createTempRepo();
    await writeFiles(dir, {
      'bundle.yaml': `bundle_id: partly\nworkstreams:\n  - ws_id: WS\n    on_error: continue\n    steps:\n      - { step_id: write, tool_profile_id: shell, context: { command: 'echo x > x.txt' } }\n      - { step_id: edit, tool_profile_id: aider, context: { instruction: 'edit', files: [README.md] } }\n      - { step_id: review, tool_profile_id: aider, context: { instruction: 'review', files: [README.md] } }\n`,
    });
    const plan = await runUet(['plan', 'bundle.yaml'], { cwd: dir, env });
    expect(plan.code).toBe(1);
    expect(plan.stderr).toBe(
      'uet: `uet run` would refuse: 2 of 3 steps have no usable tool: aider (aider is not on PATH) (2 steps edit, review). Install what is missing (see docs/tools.md), or run the other steps with --allow-unavailable (these fail as tool_unavailable)\n',
    );
    expect((await runUet(['plan', 'bundle.yaml', '--allow-unavailable'], { cwd: dir, env })).code).toBe(0);
    const refused = await runUet(['run', 'bundle.yaml'], { cwd: dir, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^uet: cannot start: 2 of 3 steps have no usable tool: aider \(aider is not on PATH\)/);
    await nothingCreated(dir);
    const ran = await runUet(['run', 'bundle.yaml', '--allow-unavailable', '--json'], { cwd: dir, env });
    expect(JSON.parse(ran.stdout)).toMatchObject({ state: 'failed', counters: { steps_succeeded: 1, steps_failed: 2 } });
  });

  it('none of the steps usable: the message says so and offers no --allow-unavailable', async () => {
    const dir = await createTempRepo();
    writeFileSync(join(dir, 'bundle.yaml'), `bundle_id: none\nworkstreams:\n  - ws_id: WS\n    steps:\n      - { step_id: edit, context: { instruction: 'edit' } }\n`);
    const r = await runUet(['run', 'bundle.yaml'], { cwd: dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('uet: cannot start: the only step has no usable tool: claude (claude is not on PATH), codex (codex is not on PATH), aider (aider is not on PATH) (step edit). Install what is missing (see docs/tools.md)\n');
    await nothingCreated(dir);
  });
});
