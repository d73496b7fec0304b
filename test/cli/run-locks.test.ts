import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockFileName } from '../../src/adapters/lock/file-lock-store.js';
import { createTempRepo, git, makeTempDir } from '../adapters/helpers/temp-repo.js';
import { repoRoot, runUet } from './run-uet.js';

// Two `uet run`s on one repository (ADR 0024): runs whose write scopes overlap on the same branch never run at once;
// the second waits or is refused; a killed run's lock is released by the next run that looks. Real processes, real git.

const POLL = { UET_LOCK_POLL_MS: '100' };

/** A bundle whose one step writes `file` (its declared scope), logging start and end to `log`; with `hold`, it waits for that file first. */
function bundle(dir: string, name: string, file: string, log: string, hold?: string): string {
  const wait = hold ? `touch ${hold}.started; while [ ! -f ${hold} ]; do sleep 0.1; done; ` : '';
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    `bundle_id: ${name}\nworkstreams:\n  - ws_id: w\n    steps:\n      - step_id: write\n        tool_profile_id: shell\n        context:\n          files: [${file}]\n          command: "echo start-${name} >> ${log}; ${wait}mkdir -p $(dirname ${file}); echo ${name} > ${file}; echo end-${name} >> ${log}"\n`,
  );
  return path;
}

interface Proc {
  child: ChildProcess;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** `uet <args>` as its own process (from the sources), in its own process group so that a test can kill it whole. */
function spawnUet(args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/cli/uet-source.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

/** Waits (without a deadline of its own: the test's timeout bounds it) until `check` holds; fails if `proc` ends first. */
async function until(check: () => boolean | Promise<boolean>, proc?: Proc): Promise<void> {
  let exited = false;
  void proc?.done.then(() => (exited = true));
  while (!(await check())) {
    if (exited) throw new Error(`the process ended first: ${JSON.stringify(await proc!.done)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function lockTable(dir: string): Promise<{ run_id: string; state: string }[]> {
  const file = join(await git(dir, 'rev-parse', '--path-format=absolute', '--git-common-dir'), 'uet', 'locks', lockFileName('main'));
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { entries: { run_id: string; state: string }[] }).entries : [];
}

const runsOf = (dir: string) => (existsSync(join(dir, '.uet/runs')) ? readdirSync(join(dir, '.uet/runs')).sort() : []);
const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : []);

async function setup() {
  const dir = await createTempRepo({ 'README.md': 'hello\n' });
  await git(dir, 'branch', '-M', 'main');
  const tmp = await makeTempDir('uet-locks-');
  const log = join(tmp, 'log');
  return { dir, tmp, log, release: join(tmp, 'release') };
}

describe('local locks: two uet runs on one repository', () => {
  it('an overlapping run waits until the first has ended (never at the same time); a run on other paths runs beside it', async () => {
    const { dir, tmp, log, release } = await setup();
    const a = spawnUet(['run', bundle(tmp, 'A', 'src/shared.txt', log, release), '--repo', dir], POLL);
    await until(() => existsSync(`${release}.started`), a);
    const b = spawnUet(['run', bundle(tmp, 'B', 'src/shared.txt', log), '--repo', dir], POLL);
    await until(async () => (await lockTable(dir)).length === 2, b);
    expect((await lockTable(dir)).map((e) => e.state)).toEqual(['held', 'waiting']);
    expect(lines(log)).toEqual(['start-A']); // B has not started
    // Queued, and visible: uet status of each run names its lock.
    const [heldBy, waiter] = (await lockTable(dir)).map((e) => e.run_id);
    const waiting = await runUet(['status', waiter!, '--repo', dir], { env: { PATH: process.env.PATH ?? '' } });
    expect(waiting.stdout).toMatch(new RegExp(`lock: queued on main since \\S+, behind run ${heldBy} \\(running since \\S+, overlapping src/shared\\.txt\\)`));
    expect((await runUet(['status', heldBy!, '--repo', dir], { env: { PATH: process.env.PATH ?? '' } })).stdout).toMatch(/lock: held on main since \S+ \(src\/shared\.txt\)/);

    // Other paths on the same branch: not blocked by A.
    const c = await runUet(['run', bundle(tmp, 'C', 'docs/c.md', log), '--repo', dir], { env: { PATH: process.env.PATH ?? '', ...POLL } });
    expect(c.code, c.stderr).toBe(0);
    expect(lines(log)).toEqual(['start-A', 'start-C', 'end-C']);

    writeFileSync(release, '');
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    expect(rb.stderr).toMatch(/uet: run \w+ waits for the lock of main: run \w+ \(running since [^)]*, overlapping src\/shared\.txt\)/);
    expect(lines(log)).toEqual(['start-A', 'start-C', 'end-C', 'end-A', 'start-B', 'end-B']);
    expect(await lockTable(dir)).toEqual([]); // every lock released at the end
  }, 240_000);

  it('refuses an overlapping run under --on-lock-conflict refuse, or locks.on_conflict: refuse in .github/uet.yml at HEAD, and keeps nothing of it', async () => {
    const { dir, tmp, log, release } = await setup();
    const a = spawnUet(['run', bundle(tmp, 'A', 'src/**', log, release), '--repo', dir], POLL);
    await until(() => existsSync(`${release}.started`), a);
    const runs = runsOf(dir);
    const branches = await git(dir, 'for-each-ref', 'refs/heads/');
    const env = { PATH: process.env.PATH ?? '', ...POLL };
    const b = await runUet(['run', bundle(tmp, 'B', 'src/x.ts', log), '--repo', dir, '--on-lock-conflict', 'refuse'], { env });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^uet: run \w+ refused: it may write where run \w+ \(running since [^)]*, overlapping src\/x\.ts\) does, on main \(locks\.on_conflict: refuse\); nothing was started\n$/);
    expect(runsOf(dir)).toEqual(runs);
    expect(await git(dir, 'for-each-ref', 'refs/heads/')).toBe(branches);
    expect((await lockTable(dir)).map((e) => e.state)).toEqual(['held']);
    writeFileSync(release, '');
    expect((await a.done).code).toBe(0);

    // The same from the repository's configuration, as committed.
    mkdirSync(join(dir, '.github'), { recursive: true });
    writeFileSync(join(dir, '.github/uet.yml'), 'locks:\n  on_conflict: refuse\n');
    await git(dir, 'add', '.github/uet.yml');
    await git(dir, 'commit', '-q', '-m', 'locks refuse');
    const release2 = `${release}2`;
    const a2 = spawnUet(['run', bundle(tmp, 'A2', 'src/**', log, release2), '--repo', dir], POLL);
    await until(() => existsSync(`${release2}.started`), a2);
    const b2 = await runUet(['run', bundle(tmp, 'B2', 'src/y.ts', log), '--repo', dir], { env });
    expect(b2.code).toBe(2);
    expect(b2.stderr).toContain('(locks.on_conflict: refuse); nothing was started');
    writeFileSync(release2, '');
    expect((await a2.done).code).toBe(0);
    expect(lines(log).filter((l) => l.startsWith('start-B'))).toEqual([]);
  }, 240_000);

  it('a killed run does not keep its lock: the next run finds its process gone, releases it and runs', async () => {
    const { dir, tmp, log, release } = await setup();
    const a = spawnUet(['run', bundle(tmp, 'A', 'src/shared.txt', log, release), '--repo', dir], POLL);
    await until(() => existsSync(`${release}.started`), a);
    process.kill(-a.child.pid!, 'SIGKILL'); // the whole group: uet and its step
    await a.done;
    const [held] = await lockTable(dir);
    expect(held).toMatchObject({ state: 'held' });
    const b = await runUet(['run', bundle(tmp, 'B', 'src/shared.txt', log), '--repo', dir], { env: { PATH: process.env.PATH ?? '', ...POLL } });
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toContain(`uet: released the lock of run ${held!.run_id} on main: its process (pid ${a.child.pid}) is gone`);
    expect(lines(log)).toEqual(['start-A', 'start-B', 'end-B']);
    expect(await lockTable(dir)).toEqual([]);
  }, 240_000);
});
