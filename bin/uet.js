#!/usr/bin/env node
import { main } from '../lib/bundle/main.js';

const code = await main(process.argv);
process.exitCode = code;
// The command is done. Work a custom adapter left pending after its attempt ended (a timer, a socket) must not keep
// uet alive: exit once stdout and stderr are flushed.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
