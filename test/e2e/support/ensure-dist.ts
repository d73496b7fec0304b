import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-root.js';

function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) hashTree(hash, path);
    else hash.update(path).update(readFileSync(path));
  }
}

/**
 * Builds dist/action/index.js (what the simulated runners run) unless it was already built from these very sources:
 * the e2e files share one build per change of src/ instead of one each. The build renames its output into place,
 * so a runner never reads half a bundle.
 */
export function ensureDist(): void {
  const hash = createHash('sha256');
  hashTree(hash, join(REPO_ROOT, 'src'));
  hash.update(readFileSync(join(REPO_ROOT, 'scripts/build-action.mjs')));
  const dist = join(REPO_ROOT, 'dist/action/index.js');
  const marker = join(REPO_ROOT, 'node_modules/.cache/uet-e2e/dist.sha256');
  const digest = `${hash.digest('hex')} ${existsSync(dist) ? createHash('sha256').update(readFileSync(dist)).digest('hex') : ''}`;
  if (existsSync(marker) && readFileSync(marker, 'utf8') === digest) return;
  execFileSync(process.execPath, [join(REPO_ROOT, 'scripts/build-action.mjs')], { stdio: 'inherit' });
  mkdirSync(join(REPO_ROOT, 'node_modules/.cache/uet-e2e'), { recursive: true });
  const built = createHash('sha256').update(readFileSync(dist)).digest('hex');
  writeFileSync(marker, `${digest.split(' ')[0]} ${built}`);
}
