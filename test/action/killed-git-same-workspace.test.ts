import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGitWrapper } from '../support/kill-sweep/git-wrapper.js';
import { buildDist } from './support/build-dist.js';
import { createActionRepo, git, RUN_ID, runAction, stepInputs } from './support/action-repo.js';

beforeAll(buildDist);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The parent pid of a live process (Linux). */
const ppidOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]);

function lockFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return execFileSync('find', [dir, '-name', '*.lock', '-type', 'f'], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

/**
 * Issue 20, GitHub mode: a self-hosted runner keeps its workspace between jobs, so a job whose git was killed while
 * it updated a ref leaves that ref's .lock for the job retried there. The integrate job's local ref updates are its
 * fetches into refs/uet-fetched/ (the ledger, then the run branch): each is killed, git and all, with its lock held.
 */
describe('action: the runner killed mid update-ref, the job retried on the same workspace (real git)', () => {
  it.each([
    ['the ledger fetch', 1],
    ['the run branch fetch', 2],
  ])('killed in %s, the retried integrate recovers the lock, says so, and integrates once', async (_, nth) => {
    const repo = createActionRepo({ command: 'echo hello > hello.txt' });
    const patchDir = join(repo.root, 'patch');
    const exec = await runAction(repo.clone('exec'), stepInputs(patchDir, 'execute'));
    expect(exec.code, exec.stdout + exec.stderr).toBe(0);

    const workspace = repo.clone('workspace');
    const wrapper = createGitWrapper(mkdtempSync(join(tmpdir(), 'uet-action-kill-')), workspace, { kind: 'ref', nth, refs: 'refs/uet-fetched/' }, { countFromRunLog: false });
    const first = runAction(workspace, stepInputs(patchDir, 'integrate'), { PATH: `${wrapper.binDir}:${process.env.PATH ?? ''}` });
    const pids = join(wrapper.stateDir, 'stopped/pids');
    for (const deadline = Date.now() + 60_000; !existsSync(pids) && Date.now() < deadline; ) await sleep(20);
    expect(existsSync(pids), 'kill point not reached').toBe(true);
    await sleep(20);
    const [hook, gitPid] = readFileSync(pids, 'utf8').trim().split(' ').map(Number) as [number, number];
    for (const pid of [ppidOf(gitPid), gitPid, hook]) process.kill(pid, 'SIGKILL'); // the runner dies, its git with it
    expect((await first).code).not.toBe(0);
    const left = lockFilesUnder(join(workspace, '.git/refs/uet-fetched'));
    expect(left).toHaveLength(1);
    // git itself now refuses every fetch into that ref: the retried job failed here before.
    expect(() => execFileSync('git', ['fetch', '-q', '--no-write-fetch-head', 'origin', `+refs/heads/main:${left[0]!.slice(join(workspace, '.git/').length, -'.lock'.length)}`], { cwd: workspace, stdio: 'pipe' })).toThrow(/File exists/);

    const retried = await runAction(workspace, stepInputs(patchDir, 'integrate'));
    expect(retried.code, retried.stdout + retried.stderr).toBe(0);
    expect(retried.outputs).toMatchObject({ conclusion: 'success', ledger_state: 'committed' });
    expect(retried.stdout).toContain(`recovered: stale git lock ${left[0]}`);
    expect(lockFilesUnder(join(workspace, '.git'))).toEqual([]);
    const tip = repo.refSha(`refs/heads/uet/run/${RUN_ID}`)!;
    expect(git(repo.bare, ['log', '--format=%H', `${repo.mainSha}..${tip}`]).split('\n')).toHaveLength(1); // integrated once
    expect(repo.ledgerEvents().filter((e) => e.type === 'step_succeeded')).toHaveLength(1);
  }, 120_000);
});
