// Item 2 of issue 18: `bootstrap --write` then `uet run .uet/phases/PH-BASELINE-01.yaml` on a Python repository whose
// linters are not installed. The generated router_config must hold only tools uet has an adapter for (no "no
// adapter" line at every run), and the missing linters must neither open a circuit breaker (a 60 s stall) nor make
// the shell tool "unavailable".
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toolAdapters } from '../../src/adapters/tools/index.js';
import { createTempRepo, git, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { runUet } from './run-uet.js';

afterAll(removeTempDirs);

/** Six checks CI runs, none of them installed on the test machines (more than the breaker's default threshold, 5). */
const CHECKS = ['ruff check .', 'black --check .', 'flake8 src', 'pylint src', 'isort --check-only .', 'mypy src'];
const PYTHON_CI_REPO: Record<string, string> = {
  'pyproject.toml': '[project]\nname = "acme"\n[tool.ruff]\nline-length = 100\n[tool.mypy]\nstrict = true\n[tool.pytest.ini_options]\naddopts = "-q"\n',
  'src/acme/__init__.py': Array.from({ length: 40 }, (_, i) => `def f${i}(x):\n    return x + ${i}\n`).join(''),
  'tests/test_acme.py': 'def test_ok():\n    assert True\n',
  '.github/workflows/ci.yml': `name: CI\non: push\njobs:\n  ci:\n    runs-on: ubuntu-latest\n    steps:\n${CHECKS.map((c) => `      - run: ${c}\n`).join('')}`,
};
const env = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/nonexistent' };

describe('bootstrap on a Python repository without its linters', () => {
  it('writes a router_config of tools uet can run, and a baseline phase that reports every missing check without stalling', async () => {
    const dir = await createTempRepo(PYTHON_CI_REPO);
    const b = await runUet(['bootstrap', dir, '--write'], { env, cwd: dir });
    expect(b.code, b.stderr).toBe(0);
    const config = JSON.parse(readFileSync(join(dir, '.uet/router_config.json'), 'utf8')) as { tools: Record<string, { kind: string }> };
    for (const [id, entry] of Object.entries(config.tools)) {
      expect(entry.kind, id).toBe('tool');
      expect(toolAdapters.has(id), `${id} has an adapter`).toBe(true);
    }
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '-m', 'uet bootstrap');

    const r = await runUet(['run', '.uet/phases/PH-BASELINE-01.yaml'], { env, cwd: dir });
    expect(r.stdout).not.toContain('no adapter');
    expect(r.code, r.stderr).toBe(1); // the checks fail: they are not installed
    const runId = /^run (\w{26}):/m.exec(r.stdout)![1]!;
    const events = readFileSync(join(dir, '.uet/runs', runId, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; ts: string; data: { gate_id?: string; passed?: boolean; exit_code?: number } });
    const types = events.map((e) => e.type);
    expect(types).not.toContain('breaker_opened');
    expect(types).not.toContain('step_blocked');
    const gates = events.filter((e) => e.type === 'gate_completed').map((e) => e.data);
    // Every missing check ran and reported "command not found"; none was dropped or skipped (pytest, configured in
    // pyproject.toml, is a seventh gate that passes or fails depending on the machine).
    expect(gates.filter((g) => g.passed === false && g.exit_code === 127).map((g) => g.gate_id).sort()).toEqual(
      ['lint-black', 'lint-flake8', 'lint-isort', 'lint-pylint', 'lint-ruff', 'typecheck-mypy'],
    );
    expect(types).not.toContain('step_skipped');
    expect(r.stdout).toMatch(/^State: FAILED/m);
  });

  it('a bundle of shell steps whose programs are missing fails each step once, without opening the shell breaker', async () => {
    const dir = await createTempRepo({ 'README.md': 'x\n' });
    const steps = Array.from({ length: 7 }, (_, i) => `      - { step_id: s${i}, tool_profile_id: shell, context: { command: 'uet-missing-linter-${i} .' } }\n`).join('');
    const bundle = `bundle_id: missing\nmax_parallel: 1\nworkstreams:\n  - ws_id: WS\n    on_error: continue\n    circuit_breaker: { failure_threshold: 2, half_open_after: 3600 }\n    steps:\n${steps}      - { step_id: last, tool_profile_id: shell, context: { command: 'true' } }\n`;
    const file = join(dir, 'b.yaml');
    writeFileSync(file, bundle);
    const r = await runUet(['run', file, '--json'], { env, cwd: dir });
    const record = JSON.parse(r.stdout) as { state: string; counters: Record<string, number> };
    expect(record).toMatchObject({ state: 'failed', counters: { steps_failed: 7, steps_succeeded: 1 } });
    expect(r.stderr + r.stdout).not.toContain('circuit breaker');
  });
});
