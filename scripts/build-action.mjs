// Bundles the GitHub Action (src/action/index.ts) into dist/action/index.js: one ESM file with every dependency,
// for node20 and node24 runners, which do not npm install. dist/ is committed; CI rebuilds it and fails on a diff.
// The file is written beside the old one and renamed over it, so a concurrent `node dist/action/index.js` (the
// action tests build in beforeAll) never reads a half-written bundle.
import { build } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outfile = join(root, 'dist/action/index.js');

const result = await build({
  entryPoints: [join(root, 'src/action/index.ts')],
  outfile,
  write: false,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  // @actions/* and their dependencies call require(): an ESM bundle has none unless it makes one. Aliased,
  // because bundled modules import createRequire themselves.
  banner: { js: "import { createRequire as __uetCreateRequire } from 'module'; const require = __uetCreateRequire(import.meta.url);" },
});
mkdirSync(dirname(outfile), { recursive: true });
for (const file of result.outputFiles) {
  const tmp = `${file.path}.tmp-${process.pid}`;
  writeFileSync(tmp, file.contents);
  renameSync(tmp, file.path);
}
