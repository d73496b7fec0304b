import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_FILE, ledgerRef } from '../../src/adapters/github/ledger-layout.js';
import { buildDist } from './support/build-dist.js';
import { createActionRepo, git, RUN_ID, runAction, stepInputs } from './support/action-repo.js';

beforeAll(buildDist);

/**
 * A `git` on PATH that, just before the action's first push to refs/uet/runs/<run_id>, moves that ref on origin
 * to a commit another writer prepared: the action's compare-and-swap push then loses the race for real.
 */
function racingGit(dir: string, bare: string, concurrent: string): string {
  const bin = join(dir, 'racing-bin');
  mkdirSync(bin);
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const mark = join(dir, 'raced');
  writeFileSync(
    join(bin, 'git'),
    `#!/bin/sh
for a in "$@"; do
  case "$a" in
    *:refs/uet/runs/${RUN_ID})
      if [ ! -e '${mark}' ]; then : > '${mark}'; '${real}' --git-dir='${bare}' update-ref refs/uet/runs/${RUN_ID} ${concurrent}; fi ;;
  esac
done
exec '${real}' "$@"
`,
  );
  chmodSync(join(bin, 'git'), 0o755);
  return bin;
}

describe('action: integrate under races', () => {
  it('retries a lost ledger compare-and-swap after re-folding, and cherry-picks onto a run branch that moved', async () => {
    const repo = createActionRepo({ command: 'echo hello > hello.txt' });
    const patchDir = join(repo.root, 'patch');
    const exec = await runAction(repo.clone('exec'), stepInputs(patchDir, 'execute'));
    expect(exec.code, exec.stderr).toBe(0);

    // Another step landed on the run branch meanwhile, and another writer appends to the ledger during the job.
    const runRef = `refs/heads/uet/run/${RUN_ID}`;
    const other = repo.commitOn(runRef, { 'README.md': '# widgets\n', 'other.txt': 'other\n' }, repo.mainSha, 'other step');
    const head = repo.refSha(`refs/${ledgerRef(RUN_ID)}`)!;
    const warning = { event_id: '01JQ7Z00000000000000000WRN', run_id: RUN_ID, seq: 2, ts: new Date().toISOString(), type: 'warning', data: { kind: 'test', message: 'a concurrent writer' } };
    const concurrent = repo.commitOn('refs/test/concurrent', { [EVENTS_FILE]: `${repo.ledgerFile(EVENTS_FILE)}\n${JSON.stringify(warning)}\n` }, head, 'concurrent append');
    const bin = racingGit(repo.root, repo.bare, concurrent);

    const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'), { PATH: `${bin}:${process.env.PATH ?? ''}` });
    expect(integ.code, integ.stdout + integ.stderr).toBe(0);
    expect(existsSync(join(repo.root, 'raced'))).toBe(true);
    expect(integ.summary).toContain('ledger append: 2 tries');
    expect(integ.outputs).toMatchObject({ conclusion: 'success', ledger_state: 'committed' });

    const events = repo.ledgerEvents();
    expect(events.map((e) => e.type)).toEqual(['run_created', 'warning', 'route_decided', 'step_started', 'patch_created', 'patch_validated', 'patch_applied', 'patch_committed', 'step_succeeded']);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(git(repo.bare, ['rev-parse', `refs/${ledgerRef(RUN_ID)}^`])).toBe(concurrent);

    const tip = repo.refSha(runRef)!;
    expect(git(repo.bare, ['rev-parse', `${tip}^`])).toBe(other);
    expect(git(repo.bare, ['show', `${tip}:hello.txt`])).toBe('hello');
    expect(git(repo.bare, ['log', '-1', '--format=%B', tip])).toContain('UET-Step: s1');
    expect(events.at(-1)!.data).toMatchObject({ commit: tip });
  });

  it('a job that died between the run-branch push and the ledger append is completed by its re-run, once', async () => {
    const repo = createActionRepo({ command: 'echo hello > hello.txt' });
    const patchDir = join(repo.root, 'patch');
    await runAction(repo.clone('exec'), stepInputs(patchDir, 'execute'));
    const bin = join(repo.root, 'dying-bin');
    mkdirSync(bin);
    const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'git'), `#!/bin/sh\nfor a in "$@"; do case "$a" in *:refs/uet/runs/${RUN_ID}) echo 'fatal: the runner died' >&2; exit 128 ;; esac; done\nexec '${real}' "$@"\n`);
    chmodSync(join(bin, 'git'), 0o755);
    const died = await runAction(repo.clone('died'), stepInputs(patchDir, 'integrate'), { PATH: `${bin}:${process.env.PATH ?? ''}` });
    expect(died.code).toBe(1);
    const tip = repo.refSha(`refs/heads/uet/run/${RUN_ID}`)!;
    expect(tip).not.toBe(repo.mainSha);
    expect(repo.ledgerEvents()).toHaveLength(1);

    const rerun = await runAction(repo.clone('rerun'), stepInputs(patchDir, 'integrate'));
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect(repo.refSha(`refs/heads/uet/run/${RUN_ID}`)).toBe(tip);
    expect(repo.ledgerEvents().at(-1)).toMatchObject({ type: 'step_succeeded', data: { commit: tip } });
  });

  it('records a conflict, and leaves the run branch alone, when the branch moved under the patch', async () => {
    const repo = createActionRepo({ command: 'echo hello > hello.txt' });
    const patchDir = join(repo.root, 'patch');
    await runAction(repo.clone('exec'), stepInputs(patchDir, 'execute'));
    const runRef = `refs/heads/uet/run/${RUN_ID}`;
    const other = repo.commitOn(runRef, { 'README.md': '# widgets\n', 'hello.txt': 'bonjour\n' }, repo.mainSha, 'other step');
    const integ = await runAction(repo.clone('integrate'), stepInputs(patchDir, 'integrate'));
    expect(integ.code).toBe(1);
    expect(integ.outputs).toMatchObject({ conclusion: 'failure', ledger_state: 'conflicted' });
    expect(repo.refSha(runRef)).toBe(other);
    const events = repo.ledgerEvents();
    expect(events.map((e) => e.type).slice(-2)).toEqual(['patch_conflicted', 'step_failed']);
    expect(events.at(-1)!.data).toMatchObject({ error_class: 'conflict' });
    expect(JSON.stringify(events.at(-1)!.data)).toContain('hello.txt');
  });
});
