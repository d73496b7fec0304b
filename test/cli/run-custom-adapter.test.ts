import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, makeTempDir, removeTempDirs, writeFiles } from '../adapters/helpers/temp-repo.js';
import { repoRoot, runUetProcess } from './run-uet.js';

afterAll(removeTempDirs);

describe('uet run with a custom adapter (real process)', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'pipe' });
  });

  // A custom adapter runs inside the uet process. One that is still busy after its attempt timed out (a timer, a
  // socket) must not keep uet from exiting once the run has ended.
  it('exits when the run ends, even if a timed-out adapter still has work pending', async () => {
    const dir = await createTempRepo({
      'scripts/sleepy.mjs': 'export default { run: () => new Promise((r) => setTimeout(() => r({ exitCode: 0 }), 60_000)) };\n',
      '.uet/router_config.json': '{"custom_adapters": {"sleepy": {"module": "scripts/sleepy.mjs"}}}\n',
    });
    const scratch = await makeTempDir('uet-sleepy-');
    await writeFiles(scratch, {
      'bundle.yaml': 'bundle_id: s\nworkstreams:\n  - ws_id: A\n    steps:\n      - {step_id: s, tool_profile_id: sleepy, timeout_seconds: 1, resilience: {max_retries: 0}}\n',
    });
    const started = Date.now();
    const r = await runUetProcess(['run', join(scratch, 'bundle.yaml'), '--repo', dir]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('step s failed (attempt 1, timeout): step s: custom adapter sleepy timed out after 1000 ms');
    expect(r.stdout).toMatch(/run \w+ failed: 1 step failed: s/);
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 40_000);
});
