import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateDocument } from '../../src/core/contracts/index.js';
import { createTempRepo, git, makeTempDir } from '../adapters/helpers/temp-repo.js';
import { repoRoot, runUet, runUetProcess } from './run-uet.js';

/** Three steps that break the patch policy in the three ways of the issue, and one honest step. */
const bundle = (onError: string) => `bundle_id: policed
max_parallel: 1
workstreams:
  - ws_id: W
    on_error: ${onError}
    patch_policy: { max_files_changed: 3 }
    steps:
      - { step_id: workflow, tool_profile_id: shell, estimate_seconds: 9, context: { command: "mkdir -p .github/workflows && echo 'on: push' > .github/workflows/ci.yml" } }
      - { step_id: symlink, tool_profile_id: shell, estimate_seconds: 8, context: { command: "ln -s /etc/passwd passwd" } }
      - { step_id: many, tool_profile_id: shell, estimate_seconds: 7, context: { command: "for i in 1 2 3 4; do echo $i > f$i.txt; done" } }
      - { step_id: honest, tool_profile_id: shell, estimate_seconds: 1, context: { command: "echo fine > fine.txt" } }
`;

async function runBundle(onError: string) {
  const dir = await createTempRepo();
  const file = join(await makeTempDir('uet-ledger-'), 'bundle.yaml');
  writeFileSync(file, bundle(onError));
  const r = await runUetProcess(['run', file, '--repo', dir]);
  const runId = /run (\w{26})/.exec(r.stdout)![1]!;
  return { dir, runId, r };
}

const ledgerJson = async (dir: string, ...args: string[]) => JSON.parse((await runUet(['ledger', 'list', '--repo', dir, '--json', ...args])).stdout) as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the CLI

describe('uet run with patch policy, and uet ledger (real processes, real git)', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'pipe' });
  });

  it('on_error continue: the workflow edit, the /etc/passwd symlink and the oversized patch are quarantined; the run goes on, then fails', async () => {
    const { dir, runId, r } = await runBundle('continue');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/step workflow failed \(attempt 1, policy_violation\)/);
    const quarantined = await ledgerJson(dir, '--state', 'quarantined', '--run', runId);
    const why = Object.fromEntries(quarantined.map((e) => [e.step_id, e.quarantine.reasons.map((v: { rule: string; path?: string }) => `${v.rule}${v.path ? ` ${v.path}` : ''}`)]));
    expect(why).toEqual({
      workflow: ['always_forbidden .github/workflows/ci.yml'],
      symlink: ['symlink_escape passwd'],
      many: ['max_files_changed'],
    });
    for (const e of quarantined) {
      expect(existsSync(join(dir, '.uet/ledger/quarantine', `${e.patch_id}.diff`))).toBe(true);
      expect(existsSync(join(dir, '.uet/ledger/quarantine', `${e.patch_id}.json`))).toBe(true);
    }
    // Nothing of them reached the run branch; the honest step did.
    const files = await git(dir, 'ls-tree', '-r', '--name-only', `uet/run/${runId}`);
    expect(files.split('\n').sort()).toEqual(['README.md', 'fine.txt']);
    expect(await git(dir, 'status', '--porcelain')).toBe('');
    // The log references the patches; every event satisfies its contract; the counters fold them.
    const events = readFileSync(join(dir, '.uet/runs', runId, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    for (const e of events) expect(validateDocument('run_event', e).ok, e.type).toBe(true);
    expect(events.filter((e) => e.type === 'patch_quarantined').map((e) => e.data.quarantine_reason)).toEqual(['policy_violation', 'policy_violation', 'policy_violation']);
    const status = JSON.parse((await runUet(['status', runId, '--repo', dir, '--json'])).stdout);
    expect(status.run_record.counters).toMatchObject({ steps_failed: 3, steps_succeeded: 1, patches_created: 4, patches_applied: 1, patches_quarantined: 3 });

    const show = await runUet(['ledger', 'show', quarantined[0]!.patch_id, '--repo', dir]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/: quarantined/);
    expect(show.stdout).toMatch(/created +-> quarantined/);
    expect(show.stdout).toContain('always_forbidden: .github/workflows/ci.yml: workflow files');
    expect(show.stdout).toContain('+++ b/.github/workflows/ci.yml');
    const list = await runUet(['ledger', 'list', '--repo', dir]);
    expect(list.stdout.split('\n').filter((l) => l.includes('quarantined'))).toHaveLength(3);
  });

  it('on_error fail_fast: the first quarantined patch fails the run and nothing after it starts', async () => {
    const { dir, runId, r } = await runBundle('fail_fast');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/run \w+ failed/);
    const entries = await ledgerJson(dir, '--run', runId);
    expect(entries.map((e) => [e.step_id, e.state])).toEqual([['workflow', 'quarantined']]);
    expect(await git(dir, 'rev-parse', `uet/run/${runId}`)).toBe(await git(dir, 'rev-parse', 'HEAD'));
  });

  it('uet ledger rollback reverts a committed patch on the run branch, with its own entry and events', async () => {
    const { dir, runId } = await runBundle('continue');
    const [honest] = await ledgerJson(dir, '--state', 'committed');
    const tip = await git(dir, 'rev-parse', `uet/run/${runId}`);
    const r = await runUet(['ledger', 'rollback', honest!.patch_id, '--repo', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`patch ${honest!.patch_id} rolled back by patch \\w{26}: commit [0-9a-f]{40} on uet/run/${runId}`));
    expect(await git(dir, 'rev-parse', `uet/run/${runId}^`)).toBe(tip);
    expect(await git(dir, 'ls-tree', '-r', '--name-only', `uet/run/${runId}`)).toBe('README.md');
    const after = await ledgerJson(dir, '--run', runId);
    expect(after.find((e) => e.patch_id === honest!.patch_id)).toMatchObject({ state: 'rolled_back' });
    expect(after.find((e) => e.relationships.rollback_of === honest!.patch_id)).toMatchObject({ state: 'committed' });
    const events = readFileSync(join(dir, '.uet/runs', runId, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(events.at(-1)).toMatchObject({ type: 'patch_rolled_back', data: { patch_id: honest!.patch_id } });
    const again = await runUet(['ledger', 'rollback', honest!.patch_id, '--repo', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/is rolled_back; only a committed patch can be rolled back/);
    expect((await runUet(['ledger', 'show', '01KANZHRDGXD02XAFQQCQFF5ZF', '--repo', dir])).stderr).toMatch(/unknown patch/);
    expect((await runUet(['ledger', 'list', '--state', 'bogus', '--repo', dir])).code).toBe(2);
  });
});
