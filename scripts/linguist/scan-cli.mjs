// A tiny entry for the language benchmark: `node scripts/linguist/scan-cli.mjs <repo> [--files]` prints
// the LanguageScan as JSON. It runs the built lib/ (node scripts/build.mjs), so it times what `uet` runs.
import { scanLanguages } from '../../lib/adapters/bootstrap/languages/scan-languages.js';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--')) ?? '.';
const scan = await scanLanguages(dir, { includeFiles: args.includes('--files') });
process.stdout.write(`${JSON.stringify(scan)}\n`);
