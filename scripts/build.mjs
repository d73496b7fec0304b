// Transpiles src/**/*.ts to lib/ (one file per module, no bundling) so that
// `npx uet` works right after `npm ci`. Type checking is `npm run typecheck`.
// The new lib/ is built beside the old one and swapped in by rename, so that a
// concurrent `node bin/uet.js` (tests build in beforeAll) never sees a half-written lib/.
import { build } from 'esbuild';
import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, 'lib');
const tmp = join(root, `lib.tmp-${process.pid}`);

function listTs(dir) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...listTs(path));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

rmSync(tmp, { recursive: true, force: true });
try {
  await build({
    entryPoints: listTs(join(root, 'src')),
    outdir: tmp,
    outbase: join(root, 'src'),
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  for (let attempt = 0; ; attempt++) {
    const old = `${out}.old-${process.pid}-${attempt}`;
    try {
      renameSync(out, old);
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
    try {
      renameSync(tmp, out);
      break;
    } catch (error) {
      // Another build put its lib/ in place between our two renames: replace it on the next attempt.
      if (!['ENOTEMPTY', 'EEXIST'].includes(error.code) || attempt >= 5) throw error;
    } finally {
      rmSync(old, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
