import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../../..');
const SCRIPT = join(ROOT, 'scripts/build-conformance-cache.mjs');
export const CACHE_DIR = join(ROOT, 'node_modules/.cache/uet-conformance');

let checked = false;

/**
 * The directory of the bundled workflow parser and the compiled webhook validators, built first if missing or
 * stale (scripts/build-conformance-cache.mjs; vitest's global setup normally built it already).
 */
export function conformanceCache(): string {
  if (!checked) {
    execFileSync(process.execPath, [SCRIPT, '--if-stale'], { stdio: ['ignore', 'ignore', 'inherit'] });
    checked = true;
  }
  return CACHE_DIR;
}
