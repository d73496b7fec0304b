// `uet` run from the sources (node --import tsx test/cli/uet-source.ts <args>): a real, separate process, killable,
// without building lib/ first.
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv);
