import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { runUet } from './run-uet.js';

afterAll(removeTempDirs);

describe('uet convert', () => {
  it('writes a bundle that `uet validate` accepts, with a one-line summary', async () => {
    const dir = await makeTempDir('uet-convert-');
    const out = join(dir, 'bundle.json');
    const r = await runUet(['convert', 'examples/phase-k-plus/plan.md', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`wrote ${out}: 5 workstreams, 22 steps, 0 warnings\n`);
    expect(r.stderr).toBe('');
    const v = await runUet(['validate', '--schema', 'workstream_bundle', out]);
    expect(v.stdout).toContain('ok (workstream_bundle)');
    expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({
      bundle_id: 'phase-k-plus-plan',
      max_cost_usd: 50,
    });
  });

  it('prints the bundle on stdout and each warning on stderr with its line', async () => {
    const r = await runUet(['convert', 'test/fixtures/convert/seed-style.md', '--bundle-id', 'seed']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      bundle_id: 'seed',
      bundle_name: 'Phase K+: Decision Context',
    });
    expect(r.stderr).toContain(
      'test/fixtures/convert/seed-style.md:15: warning: "Find 6 missing term locations" is already checked off; not converted\n',
    );
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(7);
  });

  it('--json gives machine output: bundle, warnings and output path, nothing on stderr', async () => {
    const r = await runUet(['convert', 'test/fixtures/convert/metadata.md', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const parsed = JSON.parse(r.stdout);
    expect(parsed.output).toBeNull();
    expect(parsed.warnings).toContainEqual({
      line: 32,
      message: 'tool shell needs a command: add {command: `...`}',
    });
    expect(parsed.bundle.workstreams[0].ws_id).toBe('WS-STRUCTURE');
  });

  it('exits 2 for a missing plan, and for a plan whose result is not a valid bundle', async () => {
    const missing = await runUet(['convert', 'no/such/plan.md']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('uet: no/such/plan.md: no such file\n');
    const dir = await makeTempDir('uet-convert-');
    const cyclic = join(dir, 'cycle.md');
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(cyclic, '# P\n\n### Week 1\n\n- [ ] A {id: a, after: b}\n- [ ] B {id: b, after: a}\n'),
    );
    const r = await runUet(['convert', cyclic]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dependency cycle: a -> b -> a|dependency cycle: b -> a -> b/);
  });
});
