// The simulated Runner.Worker: the process that runs a job's steps. Like the real one, it holds every secret the
// job references (in its environment here, as the simulated runner starts it) and the job's tokens, and it starts
// each step as its child with the step's own environment. So a step that reads /proc/$PPID/environ, or walks up to
// this process, finds what the real runner would expose to it, and nothing it would not.
// Usage: node runner-worker.mjs <spec.json>, the spec being { argv, env, cwd } of one step.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const child = spawn(spec.argv[0], spec.argv.slice(1), { cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'inherit', 'inherit'] });
child.on('error', (e) => {
  process.stderr.write(`runner: ${e.message}\n`);
  process.exit(127);
});
child.on('close', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
