import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runUet } from './run-uet.js';

const demo = join(repoRoot, 'examples/local-demo/bundle.yaml');

describe('uet plan', () => {
  it('plans a bundle without running it', async () => {
    const r = await runUet(['plan', demo]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/wave/i);
  });

  it('refuses a --repo that does not exist instead of planning without its routing', async () => {
    const r = await runUet(['plan', demo, '--repo', 'no/such/dir']);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `uet: ${join(repoRoot, 'no/such/dir')}: no such directory\n`,
    });
  });
});
