import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

let built = false;

/** Builds dist/action/index.js once per test file, so the tests run what the runners run. */
export function buildDist(): void {
  if (built) return;
  execFileSync(process.execPath, [join(import.meta.dirname, '../../../scripts/build-action.mjs')], { stdio: 'inherit' });
  built = true;
}
