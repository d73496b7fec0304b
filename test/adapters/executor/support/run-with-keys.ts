// A UET process that holds credentials in its own environment, as on a developer's machine or a runner: it runs one
// step or gate of a local run with the real local executor and prints the outcome as JSON. Used by
// secret-redaction.test.ts, whose attacks read this process's environment through /proc/$PPID/environ.
import { createLocalExecutor } from '../../../../src/adapters/executor/local-executor.js';
import { prepareLocalRun } from '../../../../src/adapters/executor/prepare-local-run.js';
import { createSystemClock } from '../../../../src/adapters/system-clock.js';
import { gateNode, makeTask, shellStep } from '../../helpers/temp-repo.js';

const [repo, kind, command] = process.argv.slice(2) as [string, 'step' | 'gate', string];
const run = await prepareLocalRun(repo, 'r1');
const exec = createLocalExecutor({ repoDir: repo, runId: 'r1', clock: createSystemClock(), baseCommit: run.baseCommit });
const outcome = kind === 'gate' ? await exec.runGate(makeTask('r1', gateNode('env', command))) : await exec.executeStep(makeTask('r1', shellStep('s1', command)));
process.stdout.write(JSON.stringify(outcome));
