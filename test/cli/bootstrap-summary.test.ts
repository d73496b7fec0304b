// Issue 18 item 11: the bootstrap summary a new user reads: each gate once, shares that add up to 100%, counts
// with their plurals, next steps that work as typed from where uet ran, and a real diff of what --write changes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PYTHON_REPO } from '../adapters/bootstrap/repos.js';
import { createTempRepo, makeTempDir, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { runUet } from './run-uet.js';

afterAll(removeTempDirs);
const env = { PATH: process.env.PATH ?? '' };

/** Python, JavaScript and shell in shares whose one-decimal roundings add up to 99.9; CI runs pytest and ruff twice. */
const REPO: Record<string, string> = {
  ...PYTHON_REPO,
  'web/app.js': 'console.log(1)\n'.repeat(30),
  'tool.sh': 'echo hi\n'.repeat(7),
  '.github/workflows/ci.yml':
    'name: CI\non: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: tox -e lint\n  test:\n    strategy:\n      matrix:\n        python: ["3.11", "3.12"]\n    runs-on: ubuntu-latest\n    steps:\n      - run: uv run pytest -q\n      - run: tox -e lint\n',
  '.github/workflows/nightly.yml': 'name: Nightly\non: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: uv run pytest -q\n',
};

describe('uet bootstrap summary', () => {
  it('lists each gate once, shows shares adding up to 100%, and says counts in words', async () => {
    const dir = await createTempRepo(REPO);
    const r = await runUet(['bootstrap', dir], { env });
    expect(r.code, r.stderr).toBe(0);
    const languages = /^Languages \(source only\): (.*)$/m.exec(r.stdout)![1]!;
    const shares = [...languages.matchAll(/ (\d+\.\d)%/g)].map((m) => Number(m[1]));
    expect(shares.length).toBe(3);
    expect(Math.round(shares.reduce((a, b) => a + b, 0) * 10)).toBe(1000);
    const gates = r.stdout.slice(r.stdout.indexOf('Gates found:'), r.stdout.indexOf('Validation:')).trim().split('\n').slice(1);
    expect(gates.map((g) => g.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual(['lint ruff', 'test pytest']);
    expect(r.stdout).toMatch(/^Validation: 0 errors, 3 warnings, 3 auto-fixes$/m);
    expect(r.stdout).toContain('its constraints and 2 gates');
    expect(r.stdout).not.toMatch(/\((e)?s\)/);
  });

  it('Next: names the directory, so each command works as typed from where uet ran', async () => {
    const dir = await createTempRepo(REPO);
    const from = await makeTempDir('uet-elsewhere-');
    const rel = relative(from, dir);
    const r = await runUet(['bootstrap', rel], { env, cwd: from });
    expect(r.stdout).toContain(`Next: Review what would be written, then run \`uet bootstrap ${rel} --write\``);
    const json = JSON.parse((await runUet(['bootstrap', rel, '--json'], { env, cwd: from })).stdout) as { next_steps: { agents: string[] } };
    expect(json.next_steps.agents).toContain(`uet run ${rel}/.uet/phases/PH-BASELINE-01.yaml --repo ${rel}`);
    // Following the advice, from the same directory, works.
    expect((await runUet(['bootstrap', rel, '--write'], { env, cwd: from })).code).toBe(0);
    const validate = json.next_steps.agents.find((a) => a.startsWith('uet validate '))!;
    const v = await runUet(validate.split(' ').slice(1), { env, cwd: from });
    expect(v.code, v.stdout + v.stderr).toBe(0);
    // The baseline phase holds each command once.
    const baseline = readFileSync(join(dir, '.uet/phases/PH-BASELINE-01.yaml'), 'utf8');
    expect(baseline.match(/command: pytest -q/g)).toHaveLength(1);
    expect(baseline.match(/command: ruff check \./g)).toHaveLength(1);
  });

  it('without --write, a changed file shows its difference as a diff', async () => {
    const dir = await createTempRepo(REPO);
    expect((await runUet(['bootstrap', dir, '--write'], { env })).code).toBe(0);
    const config = join(dir, '.uet/router_config.json');
    writeFileSync(config, readFileSync(config, 'utf8').replace('"tools"', '"tools_edited_by_hand"'));
    const r = await runUet(['bootstrap', dir], { env });
    expect(r.stdout).toMatch(/ {2}~ \.uet\/router_config\.json \(changed: \+1 -1 line/);
    expect(r.stdout).toMatch(/^ {6}@@ -\d+,\d+ \+\d+,\d+ @@$/m);
    expect(r.stdout).toMatch(/^ {6}-.*"tools_edited_by_hand"/m);
    expect(r.stdout).toMatch(/^ {6}\+.*"tools"/m);
  });
});
