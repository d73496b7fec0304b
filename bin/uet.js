#!/usr/bin/env node
import module from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

// Node 22.1 and later can keep V8's compiled code of uet's modules between runs: parsing and compiling them is most of
// a command's fixed cost. Kept in the user's own cache directory (not a shared temporary one, where another user
// could plant code); NODE_DISABLE_COMPILE_CACHE=1 turns it off. Node 20 has no such cache: nothing happens there.
try {
  module.enableCompileCache?.(join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'uet', 'node-compile-cache'));
} catch {
  /* no cache: uet runs as without it */
}
const { main } = await import('../lib/bundle/main.js');

const code = await main(process.argv);
process.exitCode = code;
// The command is done. Work a custom adapter left pending after its attempt ended (a timer, a socket) must not keep
// uet alive: exit once stdout and stderr are flushed.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
