import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTempRepo, git, makeTempDir } from '../adapters/helpers/temp-repo.js';
import { repoRoot, runUet, runUetProcess } from './run-uet.js';

const demo = join(repoRoot, 'examples/local-demo/bundle.yaml');
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

async function runBranchOf(dir: string): Promise<string> {
  return (await git(dir, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/uet/run/')).split('\n')[0]!;
}

/** `UET-Step` trailers on the run branch, oldest first. */
async function integratedSteps(dir: string, branch: string, base: string): Promise<string[]> {
  const out = await git(dir, 'log', '--reverse', '--format=%(trailers:key=UET-Step,valueonly)', `${base}..${branch}`);
  return out.split('\n').map((s) => s.trim()).filter(Boolean);
}

describe('uet run / status / runs / resume (real processes, real git)', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'pipe' });
  }, 300_000); // a build takes over 30 s on a loaded machine

  it('runs the local demo on a fresh repository and leaves the user checkout alone', async () => {
    const dir = await makeTempDir('uet-demo-');
    const r = await runUetProcess(['run', demo, '--repo', dir, '--init']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('step code-fetch-fixtures failed (attempt 1, transient_error; retrying at ');
    expect(r.stdout).toMatch(/run \w+ succeeded/);
    const branch = await runBranchOf(dir);
    const base = await git(dir, 'rev-parse', 'HEAD');
    const steps = await integratedSteps(dir, branch, base);
    expect([...steps].sort()).toEqual(['code-fetch-fixtures', 'code-greet', 'code-tests', 'docs-guide', 'docs-readme', 'release-notes']);
    expect(steps.indexOf('code-tests')).toBeGreaterThan(steps.indexOf('code-greet'));
    expect(await git(dir, 'show', `${branch}:README.md`)).toContain('See [the guide]');
    // The user's checkout: same HEAD, clean, no .uet files showing, no worktrees left.
    expect(await git(dir, 'status', '--porcelain')).toBe('');
    expect(await git(dir, 'worktree', 'list')).not.toContain('uet/worktrees');

    const status = await runUetProcess(['status', '--repo', dir, '--json']);
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout);
    expect(parsed.run_record).toMatchObject({ state: 'succeeded', counters: { steps_total: 6, steps_succeeded: 6, retries: 1 } });
    expect(parsed.status.progress_pct).toBe(100);
    expect(parsed.step_attempts).toHaveLength(7);
    const runs = await runUetProcess(['runs', '--repo', dir]);
    expect(runs.stdout).toContain('succeeded');
    const mermaid = await runUetProcess(['status', '--repo', dir, '--format', 'mermaid']);
    expect(mermaid.stdout).toMatch(/^flowchart TD/);
    expect(mermaid.stdout).toContain('class n_docs_readme');
  });

  it('refuses bad input with exit 2, one clear line, and writes nothing', async () => {
    const dir = await createTempRepo();
    const before = await git(dir, 'for-each-ref');
    const bad = join(dir, '..', `bad-${Date.now()}.yaml`);
    const cases: [string, string[], RegExp][] = [
      ['invalid bundle', ['bundle_id: x\nworkstreams:\n  - ws_id: A\n    on_error: explode\n    steps: []\n'], /\/workstreams\/0\/on_error: must be one of/],
      ['cycle', ['bundle_id: x\nworkstreams:\n  - ws_id: A\n    steps:\n      - {step_id: a, depends_on: [b]}\n      - {step_id: b, depends_on: [a]}\n'], /dependency cycle: (a -> b -> a|b -> a -> b)/],
      ['unknown step', ['bundle_id: x\nworkstreams:\n  - ws_id: A\n    steps:\n      - {step_id: a, depends_on: [nope]}\n'], /unknown step "nope"/],
    ];
    for (const [why, [text], expected] of cases) {
      writeFileSync(bad, text!);
      const r = await runUet(['run', bad, '--repo', dir]);
      expect(r.code, why).toBe(2);
      expect(r.stderr, why).toMatch(expected);
      noStack(r.stderr);
    }
    const skip = await runUet(['run', demo, '--repo', dir, '--skip-workstream', 'WS-NOPE']);
    expect(skip.code).toBe(2);
    expect(skip.stderr).toContain('--skip-workstream WS-NOPE: no such workstream');
    expect(existsSync(join(dir, '.uet'))).toBe(false);
    expect(await git(dir, 'for-each-ref')).toBe(before);

    const notRepo = await makeTempDir('uet-plain-');
    writeFileSync(join(notRepo, 'file.txt'), 'x');
    const r1 = await runUet(['run', demo, '--repo', notRepo]);
    expect(r1).toMatchObject({ code: 2 });
    expect(r1.stderr).toMatch(/not a git repository/);
    const r2 = await runUet(['run', demo, '--repo', join(notRepo, 'missing')]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/no such directory/);
    const r3 = await runUet(['resume', '01ARZ3NDEKTSV4RRFFQ69G5FAV', '--repo', dir]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/unknown run|no runs/);
    for (const r of [r1, r2, r3]) noStack(r.stderr);
  });

  it('notes uncommitted changes, which the run leaves out (it starts at HEAD)', async () => {
    const dir = await createTempRepo();
    const bundle = join(dir, '..', `note-${Date.now()}.yaml`);
    writeFileSync(bundle, 'bundle_id: n\nworkstreams:\n  - ws_id: A\n    steps:\n      - {step_id: a, tool_profile_id: shell, context: {command: "echo a > a.txt"}}\n');
    const clean = await runUet(['run', bundle, '--repo', dir]);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stderr).not.toContain('uncommitted');
    writeFileSync(join(dir, 'draft.txt'), 'not committed\n');
    const dirty = await runUet(['run', bundle, '--repo', dir]);
    expect(dirty.code, dirty.stderr).toBe(0);
    expect(dirty.stderr).toMatch(/^uet: note: 1 uncommitted change in .* \(draft\.txt\) is not part of the run: it starts at HEAD \([0-9a-f]{12}\); commit it first to include it$/m);
  });

  it('refuses a --repo that is a file, with or without --init, as bad input', async () => {
    const file = join(await makeTempDir('uet-file-'), 'not-a-dir');
    writeFileSync(file, 'x');
    for (const extra of [[], ['--init']]) {
      const r = await runUet(['run', demo, '--repo', file, ...extra]);
      expect(r.code, `${extra.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toBe(`uet: ${file}: not a directory\n`);
    }
    const under = await runUet(['run', demo, '--repo', join(file, 'sub'), '--init']);
    expect(under.code, under.stderr).toBe(2);
    expect(under.stderr).toMatch(/^uet: .*not-a-dir\/sub: cannot create the directory: .*not a directory/);
  });

  it('pauses on budget (exit 3) and continues with resume --add-budget', async () => {
    const dir = await createTempRepo();
    const bundle = join(dir, '..', `budget-${Date.now()}.yaml`);
    writeFileSync(bundle, 'bundle_id: b\nmax_cost_usd: 1\nworkstreams:\n  - ws_id: A\n    steps:\n      - {step_id: a, tool_profile_id: shell, estimate_cost_usd: 0.5, context: {command: "echo a > a.txt"}}\n      - {step_id: b, tool_profile_id: shell, depends_on: [a], estimate_cost_usd: 2, context: {command: "echo b > b.txt"}}\n');
    const first = await runUet(['run', bundle, '--repo', dir]);
    expect(first.code, first.stderr).toBe(3);
    expect(first.stdout).toMatch(/paused: budget of the bundle reached/);
    const runId = /run (\w{26})/.exec(first.stdout)![1]!;
    // A live process holding the run's lock keeps a second driver out; once it is gone its lock is stale.
    const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
    const lockFile = join(dir, '.uet/runs', runId, 'lock');
    writeFileSync(lockFile, JSON.stringify({ pid: holder.pid, hostname: hostname(), started_at: new Date().toISOString() }));
    const refused = await runUet(['resume', runId, '--repo', dir, '--add-budget', '5']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`run ${runId} is being driven by pid ${holder.pid}`);
    holder.kill('SIGKILL');
    await new Promise((r) => holder.on('close', r));
    const again = await runUet(['resume', runId.slice(0, 14).toLowerCase(), '--repo', dir, '--add-budget', '5']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`run ${runId} resumed with $5.00 more budget`);
    const status = JSON.parse((await runUet(['status', runId, '--repo', dir, '--json'])).stdout);
    expect(status.run_record.cost.budget_usd).toBe(6);
    // Nobody types 26 characters: a unique prefix, in any case, names the run too.
    const byPrefix = JSON.parse((await runUet(['status', runId.slice(0, 12).toLowerCase(), '--repo', dir, '--json'])).stdout);
    expect(byPrefix.run_record.run_id).toBe(runId);
  });

  it('shows step logs, and cancels a paused run', async () => {
    const dir = await createTempRepo();
    const bundle = join(dir, '..', `cancel-${Date.now()}.yaml`);
    writeFileSync(bundle, 'bundle_id: c\nmax_cost_usd: 1\nworkstreams:\n  - ws_id: A\n    steps:\n      - {step_id: a, tool_profile_id: shell, context: {command: "echo hello from a"}}\n      - {step_id: b, tool_profile_id: shell, depends_on: [a], estimate_cost_usd: 2, context: {command: "true"}}\n      - {step_id: c, tool_profile_id: shell, depends_on: [b], context: {command: "true"}}\n');
    const first = await runUet(['run', bundle, '--repo', dir]);
    expect(first.code).toBe(3);
    const runId = /run (\w{26})/.exec(first.stdout)![1]!;
    const prefix = runId.slice(0, 14).toLowerCase(); // a unique prefix names the run everywhere
    const logs = await runUet(['logs', prefix, 'a', '--repo', dir]);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('hello from a');
    expect((await runUet(['logs', runId, 'nope', '--repo', dir])).code).toBe(2);
    const cancel = await runUet(['cancel', prefix, '--repo', dir]);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toContain(`run ${runId} canceled`);
    expect(readdirSync(join(dir, '.uet/runs'))).toEqual([runId]); // events went to the run, not to a new one
    const status = JSON.parse((await runUet(['status', runId, '--repo', dir, '--json'])).stdout);
    expect(status.run_record.state).toBe('canceled');
    expect(status.status.workstreams[0].steps.map((s: { state: string }) => s.state)).toEqual(['succeeded', 'skipped', 'skipped']);
    expect((await runUet(['resume', runId, '--repo', dir])).code).toBe(1);
  });

  it('resumes after kill -9 at several points with the same result and no duplicated step', async () => {
    const bundleFile = join(await makeTempDir('uet-kill-'), 'bundle.yaml');
    const steps = Array.from({ length: 6 }, (_, i) => `      - {step_id: s${i}, tool_profile_id: shell, ${i >= 2 ? `depends_on: [s${i - 2}], ` : ''}context: {command: "sleep 0.3; echo ${i} > f${i}.txt"}}`);
    writeFileSync(bundleFile, `bundle_id: k\nmax_parallel: 2\nworkstreams:\n  - ws_id: A\n    steps:\n${steps.join('\n')}\n`);

    const reference = await createTempRepo();
    expect((await runUet(['run', bundleFile, '--repo', reference])).code).toBe(0);
    const refTree = await git(reference, 'rev-parse', `${await runBranchOf(reference)}^{tree}`);

    for (const killAfter of [2, 5, 9]) {
      const dir = await createTempRepo();
      const child = spawn(process.execPath, [join(repoRoot, 'bin/uet.js'), 'run', bundleFile, '--repo', dir], { stdio: 'ignore', detached: true });
      const log = (): string[] => {
        const runs = join(dir, '.uet/runs');
        if (!existsSync(runs)) return [];
        const id = execFileSync('ls', [runs], { encoding: 'utf8' }).trim().split('\n')[0];
        const file = join(runs, id ?? '', 'events.jsonl');
        return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
      };
      let exited = false;
      const closed = new Promise((r) => child.on('close', () => r((exited = true))));
      // Wait for the kill point itself, however loaded the machine is; a run that ends (or stalls) before it fails the
      // test as "kill point not reached" and is never judged as a kill somewhere else.
      const deadline = Date.now() + 120_000;
      while (log().length < killAfter && !exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      const reached = log().length;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // it ended on its own
      }
      await closed;
      expect(reached, `kill point not reached: the run ${exited ? 'ended' : 'was still running'} with ${reached} events, before event ${killAfter}`).toBeGreaterThanOrEqual(killAfter);
      const runId = JSON.parse(log()[0]!).run_id as string;
      const resumed = await runUet(['resume', runId, '--repo', dir]);
      expect(resumed.code, `kill after ${killAfter}: ${resumed.stderr}`).toBe(0);
      const branch = `uet/run/${runId}`;
      expect(await git(dir, 'rev-parse', `${branch}^{tree}`)).toBe(refTree);
      const integrated = await integratedSteps(dir, branch, await git(dir, 'rev-parse', 'HEAD'));
      expect(integrated.length, `kill after ${killAfter}`).toBe(6);
      expect(new Set(integrated).size).toBe(6);
      expect(await git(dir, 'status', '--porcelain')).toBe('');
    }
  }, 600_000);
});
