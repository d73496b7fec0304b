import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { createGitWrapper, type StopPoint } from './git-wrapper.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../../..');

let uetCopy: string | undefined;
/**
 * bin/uet.js of a copy of the built CLI (bin, lib/bundle, profiles, schema, package.json), made once per process: a
 * build that other tests run meanwhile swaps lib/ under a running uet, which loads its chunks lazily.
 */
function uetBin(): string {
  if (uetCopy === undefined) {
    const pkg = mkdtempSync(join(tmpdir(), 'uet-sweep-pkg-'));
    for (const part of ['bin', 'profiles', 'schema', 'package.json', 'lib/bundle']) cpSync(join(ROOT, part), join(pkg, part), { recursive: true });
    uetCopy = pkg;
    process.once('exit', () => rmSync(pkg, { recursive: true, force: true }));
  }
  return join(uetCopy, 'bin/uet.js');
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What an uninterrupted run of the sweep's bundle gives: the kill points are counted on it. */
export interface Reference {
  readonly tree: string;
  readonly steps: readonly string[];
  readonly events: number;
  readonly refTransactions: number;
}

export interface KillResult {
  readonly point: string;
  /** What the stopped process was doing when it was killed. */
  readonly where: string;
  readonly problems: string[];
  /** git_lock_recovered paths the resume recorded. */
  readonly recovered: string[];
  /** What the resume printed on stderr. */
  readonly stderr: string;
  readonly ms: number;
}

async function git(dir: string, ...args: string[]): Promise<string> {
  return (await run('git', args, { cwd: dir, env: gitEnv() })).stdout.trimEnd();
}

const gitEnv = () => ({ ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' });

/** A fresh repository with one commit, and a scratch directory for the wrapper and the worktrees. */
async function freshRepo(): Promise<{ repo: string; scratch: string }> {
  const scratch = mkdtempSync(join(tmpdir(), 'uet-kill-'));
  const repo = join(scratch, 'repo');
  await run('git', ['init', '-q', '-b', 'main', repo], { env: gitEnv() });
  await run('sh', ['-c', 'echo hello > README.md && git add -A && git -c user.name=t -c user.email=t@e commit -q -m initial'], { cwd: repo, env: gitEnv() });
  return { repo, scratch };
}

/** The environment of a uet process of the sweep: no user git config, worktrees in the scratch directory. */
const uetEnv = (scratch: string, binDir?: string) => ({
  ...gitEnv(),
  PATH: binDir ? `${binDir}:${process.env.PATH ?? ''}` : (process.env.PATH ?? ''),
  UET_WORKTREES_DIR: join(scratch, 'worktrees'),
});

function uet(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 180_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [uetBin(), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

const runIdOf = (repo: string): string | undefined => {
  const runs = join(repo, '.uet/runs');
  return existsSync(runs) ? readdirSync(runs).find((n) => existsSync(join(runs, n, 'events.jsonl'))) : undefined;
};
const readEvents = (repo: string, runId: string) =>
  readFileSync(join(repo, '.uet/runs', runId, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> });

/** Every git lock file in the repository's git directory: `*.lock`, and the `locked` marker of a worktree. */
function gitLocks(gitDir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory() && e.name !== 'objects') walk(p);
      else if (e.isFile() && (e.name.endsWith('.lock') || (e.name === 'locked' && relative(gitDir, p).startsWith('worktrees')))) found.push(p);
    }
  };
  walk(gitDir);
  return found.sort();
}

/** `UET-Step` trailers on the run branch since its base, oldest first. */
async function integratedSteps(repo: string, runId: string): Promise<string[]> {
  const base = await git(repo, 'rev-parse', 'main');
  const out = await git(repo, 'log', '--reverse', '--format=%(trailers:key=UET-Step,valueonly)', `${base}..uet/run/${runId}`);
  return out.split('\n').map((s) => s.trim()).filter(Boolean);
}

/** Runs the bundle to its end with the counting wrapper: its tree, its steps, how many events and ref transactions. */
export async function runReference(bundleFile: string): Promise<Reference> {
  const { repo, scratch } = await freshRepo();
  try {
    const wrapper = createGitWrapper(scratch, repo, { kind: 'none' });
    const r = await uet(['run', bundleFile, '--repo', repo], uetEnv(scratch, wrapper.binDir));
    if (r.code !== 0) throw new Error(`the reference run failed (exit ${r.code}): ${r.stderr}`);
    const runId = runIdOf(repo)!;
    return {
      tree: await git(repo, 'rev-parse', `uet/run/${runId}^{tree}`),
      steps: (await integratedSteps(repo, runId)).sort(),
      events: readEvents(repo, runId).length,
      refTransactions: Number(readFileSync(join(wrapper.stateDir, 'count'), 'utf8').trim()),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export const describePoint = (stop: StopPoint) =>
  stop.kind === 'event' ? `after event ${stop.events}` : stop.kind === 'ref' ? `in ref transaction ${stop.nth}${stop.refs ? ` on ${stop.refs}` : ''}` : 'nowhere';

/**
 * One kill point: `uet run` with the wrapper until it stops at `stop`, `kill -9` of its process group (git, its hook
 * and uet together), then `uet resume` with the real git. Returns what does not hold: the resume's exit code, the
 * reference tree, each step integrated exactly once, every lock left by the kill recorded as recovered, no lock left,
 * `git fsck` clean, the checkout untouched. A stop point the run never reaches is a problem of its own ("kill point
 * not reached"): the run is never killed anywhere else instead.
 */
export async function runKillPoint(bundleFile: string, reference: Reference, stop: StopPoint): Promise<KillResult> {
  const started = Date.now();
  const point = describePoint(stop);
  const { repo, scratch } = await freshRepo();
  const problems: string[] = [];
  const result = (where: string, recovered: string[] = [], stderr = ''): KillResult => ({ point, where, problems, recovered, stderr, ms: Date.now() - started });
  try {
    const wrapper = createGitWrapper(scratch, repo, stop);
    const child = spawn(process.execPath, [uetBin(), 'run', bundleFile, '--repo', repo], { env: uetEnv(scratch, wrapper.binDir), stdio: 'ignore', detached: true });
    let exited = false;
    const closed = new Promise<void>((r) => child.on('close', () => ((exited = true), r())));
    const whereFile = join(wrapper.stateDir, 'stopped/where');
    const deadline = Date.now() + 120_000;
    while (!existsSync(whereFile) && !exited && Date.now() < deadline) await sleep(10);
    // The marker is written just before the SIGSTOP: let the process reach it.
    if (existsSync(whereFile)) await sleep(20);
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    await closed;
    if (!existsSync(whereFile)) {
      problems.push(`kill point not reached: ${exited ? 'the run ended first' : 'still not there after 120 s'}`);
      return result('-');
    }
    const where = readFileSync(whereFile, 'utf8').trim();
    const runId = runIdOf(repo);
    if (runId === undefined) {
      problems.push('killed before the run had a log: nothing to resume');
      return result(where);
    }
    const left = gitLocks(join(repo, '.git'));
    const resumed = await uet(['resume', runId, '--repo', repo], uetEnv(scratch));
    const events = readEvents(repo, runId);
    const recovered = events.filter((e) => e.type === 'git_lock_recovered').map((e) => String(e.data.path));
    if (resumed.code !== 0) problems.push(`resume exit ${resumed.code}: ${`${resumed.stdout}\n${resumed.stderr}`.trim().split('\n').slice(-4).join(' | ')}`);
    const tree = await git(repo, 'rev-parse', `uet/run/${runId}^{tree}`).catch(() => 'none');
    if (tree !== reference.tree) problems.push(`tree ${tree} is not the reference tree ${reference.tree}`);
    const steps = await integratedSteps(repo, runId).catch(() => []);
    if (steps.length !== new Set(steps).size) problems.push(`a step was integrated twice: ${steps.join(' ')}`);
    if ([...steps].sort().join(' ') !== reference.steps.join(' ')) problems.push(`integrated ${steps.join(' ')}, expected ${reference.steps.join(' ')}`);
    const succeeded = events.filter((e) => e.type === 'step_succeeded').map((e) => String(e.data.step_id));
    if (succeeded.length !== new Set(succeeded).size) problems.push(`a step succeeded twice in the log: ${succeeded.join(' ')}`);
    const unrecorded = left.filter((l) => !recovered.includes(l));
    if (unrecorded.length) problems.push(`locks left by the kill and not recorded as recovered: ${unrecorded.join(' ')}`);
    const still = gitLocks(join(repo, '.git'));
    if (still.length) problems.push(`locks left after the resume: ${still.join(' ')}`);
    const fsck = await run('git', ['fsck', '--full', '--strict', '--no-dangling', '--no-progress'], { cwd: repo, env: gitEnv() }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
    );
    if (fsck.code !== 0 || /error|missing|broken|bad /i.test(fsck.out)) problems.push(`git fsck: exit ${fsck.code}: ${fsck.out.trim()}`);
    const status = await git(repo, 'status', '--porcelain');
    if (status !== '') problems.push(`the checkout changed: ${status}`);
    return result(where, recovered, resumed.stderr);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
