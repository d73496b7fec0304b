// Issue 18, done-when: the first hour of a new user, from the packed tarball, outside the clone. The script is the
// user's transcript (test/newcomer/first-hour.sh); this test packs the clone once and runs it.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { installPackedUet, repoRoot } from './packed-uet.js';

describe('the first hour with uet, from the packed tarball', () => {
  it('install, init, validate, plan, run, status, clean, Ctrl-C and resume', async () => {
    const { tarball } = await installPackedUet();
    let result: { code: number; stdout: string; stderr: string };
    try {
      const { stdout, stderr } = await promisify(execFile)('bash', [join(repoRoot, 'test/newcomer/first-hour.sh'), tarball], {
        cwd: '/',
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TMPDIR: process.env.TMPDIR ?? '/tmp' },
        maxBuffer: 16 << 20,
      });
      result = { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      result = { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('first-hour: ok');
    // Offline, only the package itself: the CLI needs none of the app's libraries.
    expect(result.stdout).toMatch(/added 1 package/);
  }, 600_000);
});
