import { afterEach, describe, expect, it } from 'vitest';
import type { AppHarness } from './support/app-harness.js';
import { comment, done, replies, setup } from './support/scenario.js';

let h: AppHarness | undefined;
afterEach(() => done(h));

describe('bad bundles are answered, never run', () => {
  it('no bundle named and none configured', async () => {
    h = await setup();
    await comment(h, '/uet run');
    expect(replies(h).at(-1)).toContain('no bundle given');
  });

  it('a bundle path that does not exist at the head commit', async () => {
    h = await setup();
    await comment(h, '/uet run uet/missing.yaml');
    expect(replies(h).at(-1)).toMatch(/`uet\/missing\.yaml` does not exist at `[0-9a-f]{7}`/);
  });

  it('YAML that does not parse, with its line', async () => {
    h = await setup({ bundle: 'bundle_id: x\nworkstreams: [\n' });
    await comment(h, '/uet run uet/bundle.yaml');
    expect(replies(h).at(-1)).toMatch(/uet\/bundle\.yaml: invalid YAML/);
  });

  it('a bundle that breaks its contract, each problem with its pointer and line', async () => {
    h = await setup({
      bundle:
        'bundle_id: x\nmax_parallel: 0\nworkstreams:\n  - ws_id: a\n    steps: [{ step_id: s, tool_profile_id: shell }]\n',
    });
    await comment(h, '/uet run uet/bundle.yaml');
    expect(replies(h).at(-1)).toMatch(/uet\/bundle\.yaml:2: \/max_parallel: must be &gt;= 1/);
  });

  it('a dependency cycle', async () => {
    h = await setup({
      bundle:
        'bundle_id: x\nworkstreams:\n  - ws_id: a\n    steps:\n      - { step_id: s1, depends_on: [s2] }\n      - { step_id: s2, depends_on: [s1] }\n',
    });
    await comment(h, '/uet run uet/bundle.yaml');
    expect(replies(h).at(-1)).toMatch(/cycle/);
    expect(h.runIds()).toEqual([]);
  });

  it('a 2 MB bundle is refused with its size and the limit before it is parsed', async () => {
    const steps = Array.from({ length: 20_000 }, (_v, i) => `      - { step_id: s${i}, tool_profile_id: shell, name: "${'x'.repeat(60)}" }`);
    const big = ['bundle_id: big', 'workstreams:', '  - ws_id: a', '    steps:', ...steps, ''].join('\n');
    expect(big.length).toBeGreaterThan(2_000_000);
    h = await setup({ bundle: big });
    await comment(h, '/uet run uet/bundle.yaml');
    const reply = replies(h).at(-1)!;
    expect(reply).toMatch(/uet\/bundle\.yaml: the bundle is [\d,]+ bytes; UET reads bundles of at most 262,144 bytes/);
    expect(reply).toContain(Buffer.byteLength(big).toLocaleString('en-US'));
    expect(h.runIds()).toEqual([]);
  });

  it('an unknown --skip-workstream', async () => {
    h = await setup();
    await comment(h, '/uet run uet/bundle.yaml --skip-workstream nope');
    expect(replies(h).at(-1)).toContain('--skip-workstream nope: no such workstream (known: docs, code)');
    expect(h.runIds()).toEqual([]);
  });
});
