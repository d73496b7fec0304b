// Item 5 of issue 18: a step and a gate may share an id; `uet logs` names a gate explicitly (gate: prefix) and
// honours --attempt for both.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { runUet } from './run-uet.js';

afterAll(removeTempDirs);

let dir = '';
let runId = '';
beforeAll(async () => {
  dir = await createTempRepo();
  // Step "check" fails once (exit 75, retried) and then passes; a gate is also called "check".
  writeFileSync(
    join(dir, 'bundle.yaml'),
    `bundle_id: logs\nworkstreams:\n  - ws_id: WS\n    test_gates: [{ gate_id: check, type: GATE_TEST, command: 'echo from the gate' }]\n    steps:\n      - step_id: check\n        tool_profile_id: shell\n        resilience: { max_retries: 1, initial_backoff_seconds: 0.1, retry_on: [transient_error] }\n        context: { command: 'echo "from the step, attempt $UET_ATTEMPT"; [ "$UET_ATTEMPT" -ge 2 ] || exit 75' }\n`,
  );
  const r = await runUet(['run', 'bundle.yaml', '--json'], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
  runId = (JSON.parse(r.stdout) as { run_id: string }).run_id;
}, 60_000);

describe('uet logs', () => {
  it('an id shared by a step and a gate names the step; gate:<id> names the gate', async () => {
    const step = await runUet(['logs', runId, 'check'], { cwd: dir });
    expect(step.stdout).toContain('from the step, attempt 2');
    expect(step.stdout).not.toContain('from the gate');
    const gate = await runUet(['logs', runId, 'gate:check'], { cwd: dir });
    expect(gate.stdout).toContain('from the gate');
    expect((await runUet(['logs', runId, 'gate:WS:check'], { cwd: dir })).stdout).toBe(gate.stdout);
  });

  it('--attempt picks the attempt, and an attempt without a log is refused with the ones that have one', async () => {
    const first = await runUet(['logs', runId, 'check', '--attempt', '1'], { cwd: dir });
    expect(first.stdout).toContain('from the step, attempt 1');
    expect(first.stdout).not.toContain('attempt 2');
    const none = await runUet(['logs', runId, 'check', '--attempt', '3'], { cwd: dir });
    expect(none).toMatchObject({ code: 2, stderr: `uet: no log for check attempt 3 in run ${runId} (attempts with logs: 1, 2)\n` });
    expect((await runUet(['logs', runId, 'gate:check', '--attempt', '2'], { cwd: dir })).code).toBe(2);
  });

  it('lists every log with its node, gates by their gate: name', async () => {
    const list = await runUet(['logs', runId], { cwd: dir });
    expect(list.stdout.split('\n').filter(Boolean).map((l) => l.replace(/: \/.*$/, ''))).toEqual(['check attempt 1', 'check attempt 2', 'gate:WS:check attempt 1']);
    const file = list.stdout.split('\n')[0]!.replace(/^.*: /, '');
    expect(readFileSync(file, 'utf8')).toContain('attempt 1');
  });

  it('an unknown gate or step is one clear line', async () => {
    expect((await runUet(['logs', runId, 'gate:nope'], { cwd: dir })).stderr).toBe(`uet: run ${runId} has no gate "nope" (gates: gate:WS:check)\n`);
    expect((await runUet(['logs', runId, 'nope'], { cwd: dir })).stderr).toBe(`uet: run ${runId} has no step or gate "nope" (see \`uet logs ${runId}\`)\n`);
  });
});
