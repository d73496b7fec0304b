// Transpiles src/**/*.ts to lib/ (one file per module, no bundling) so that
// `npx uet` works right after `npm ci`. Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

function listTs(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listTs(path));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

rmSync('lib', { recursive: true, force: true });
await build({
  entryPoints: listTs('src'),
  outdir: 'lib',
  outbase: 'src',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
