// Transpiles src/**/*.ts to lib/ (one file per module) and bundles the CLI into lib/bundle/, so that
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
  // The CLI, bundled (lib/bundle/, what bin/uet.js runs): loading ~300 modules one by one costs a `uet` command
  // ~0.1 s of start-up. Split into chunks, so that each command still loads only what it uses, and so that each
  // module exists once (the CLI maps errors to exit codes with instanceof). One flat directory: the scan worker
  // is found beside the module that starts it, as in the unbundled layout.
  await build({
    entryPoints: [join(root, 'src/cli/main.ts'), join(root, 'src/adapters/bootstrap/languages/scan-languages-worker.ts')],
    outdir: join(tmp, 'bundle'),
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    // Bundled CommonJS packages call require(): an ESM bundle has none unless it makes one.
    banner: { js: "import { createRequire as __uetCreateRequire } from 'node:module'; const require = __uetCreateRequire(import.meta.url);" },
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
