import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempRepo, git, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { runUet } from './run-uet.js';

afterAll(removeTempDirs);

const env = { PATH: process.env.PATH ?? '' };
const OWNER_CONFIG = 'policy:\n  forbidden_paths: ["infra/**"]\n  max_files_changed: 2\n';

/** Each step is one shell command in its own workstream, run in sequence (s2 after s1, ...). */
const bundleOf = (commands: readonly string[]) =>
  `bundle_id: repo-policy\nworkstreams:\n  - ws_id: code\n    steps:\n${commands
    .map((c, i) => `      - { step_id: s${i + 1}, tool_profile_id: shell${i ? `, depends_on: [s${i}]` : ''}, context: { command: ${JSON.stringify(c)} } }\n`)
    .join('')}`;

interface Ev {
  type: string;
  data: Record<string, unknown>;
}
const eventsOf = (dir: string, runId: string): Ev[] =>
  readFileSync(join(dir, '.uet/runs', runId, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Ev);

async function runIn(files: Record<string, string>, commands: readonly string[]) {
  const dir = await createTempRepo({ 'README.md': 'hi\n', ...files });
  writeFileSync(join(dir, '..', `${dir.split('/').pop()}-bundle.yaml`), bundleOf(commands));
  const r = await runUet(['run', join(dir, '..', `${dir.split('/').pop()}-bundle.yaml`), '--json'], { cwd: dir, env });
  const runId = (await git(dir, 'for-each-ref', '--format=%(refname:lstrip=4)', 'refs/heads/uet/run/')).split('\n')[0] ?? '';
  return { dir, r, runId, events: runId ? eventsOf(dir, runId) : [] };
}

describe('uet run holds every patch to the repository owner\'s .github/uet.yml policy, as the app does (issue 14 item 7)', () => {
  it('records the committed policy in run_created and quarantines a patch into a forbidden path; nothing reaches the run branch', async () => {
    const { dir, r, runId, events } = await runIn({ '.github/uet.yml': OWNER_CONFIG }, ['mkdir -p infra && echo evil > infra/prod.tf']);
    expect(r.code, r.stderr).toBe(1);
    const head = await git(dir, 'rev-parse', 'HEAD');
    expect(events[0]!.data.options).toMatchObject({ repo_policy: { source: `.github/uet.yml at ${head.slice(0, 12)}`, forbidden_paths: ['infra/**'], max_files_changed: 2 } });
    const q = events.find((e) => e.type === 'patch_quarantined');
    expect(JSON.stringify(q?.data)).toMatch(/forbidden_paths.*infra\/prod\.tf|infra\/prod\.tf.*forbidden/);
    expect(await git(dir, 'rev-parse', `uet/run/${runId}`)).toBe(head);
  });

  it('control: without .github/uet.yml the same step lands (the policy above is what refused it)', async () => {
    const { dir, r, runId, events } = await runIn({}, ['mkdir -p infra && echo evil > infra/prod.tf']);
    expect(r.code, r.stderr).toBe(0);
    expect(events[0]!.data.options).not.toHaveProperty('repo_policy');
    expect(await git(dir, 'show', `uet/run/${runId}:infra/prod.tf`)).toBe('evil');
  });

  it('a patch over max_files_changed is refused; one within it lands', async () => {
    const { dir, r, runId, events } = await runIn({ '.github/uet.yml': OWNER_CONFIG }, ['echo a > a.md && echo b > b.md', 'echo a > c.md && echo b > d.md && echo c > e.md']);
    expect(r.code, r.stderr).toBe(1);
    expect(await git(dir, 'show', `uet/run/${runId}:a.md`)).toBe('a');
    expect(JSON.stringify(events.find((e) => e.type === 'patch_quarantined')?.data)).toMatch(/max_files_changed/);
    expect(await git(dir, 'ls-tree', '--name-only', `uet/run/${runId}`)).not.toMatch(/c\.md|e\.md/);
  });

  it('a step cannot relax the policy for the steps after it by rewriting .github/uet.yml: the run keeps what it recorded', async () => {
    // s1 tries to empty the owner's policy (itself a path a bundle may write); s2 then writes into infra/.
    const { dir, runId, events } = await runIn({ '.github/uet.yml': OWNER_CONFIG }, ['echo "policy: {}" > .github/uet.yml', 'mkdir -p infra && echo evil > infra/prod.tf']);
    expect(await git(dir, 'show', `uet/run/${runId}:.github/uet.yml`)).toBe('policy: {}');
    expect(events.filter((e) => e.type === 'patch_quarantined')).toHaveLength(1);
    await expect(git(dir, 'show', `uet/run/${runId}:infra/prod.tf`)).rejects.toThrow();
  });

  it('an uncommitted edit of .github/uet.yml does not change the rules: the committed file is read', async () => {
    const dir = await createTempRepo({ 'README.md': 'hi\n', '.github/uet.yml': OWNER_CONFIG });
    writeFileSync(join(dir, '.github/uet.yml'), 'policy: {}\n');
    writeFileSync(join(dir, '..', 'b.yaml'), bundleOf(['mkdir -p infra && echo evil > infra/prod.tf']));
    const r = await runUet(['run', join(dir, '..', 'b.yaml'), '--json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(1);
    const runId = await git(dir, 'for-each-ref', '--format=%(refname:lstrip=4)', 'refs/heads/uet/run/');
    expect(eventsOf(dir, runId)[0]!.data.options).toMatchObject({ repo_policy: { forbidden_paths: ['infra/**'] } });
  });

  it('an invalid .github/uet.yml is bad input (exit 2) naming the file and the JSON pointer, and nothing is written', async () => {
    const dir = await createTempRepo({ 'README.md': 'hi\n', '.github/uet.yml': 'policy:\n  max_files_changed: 0\n' });
    writeFileSync(join(dir, '..', 'b.yaml'), bundleOf(['echo a > a.md']));
    const r = await runUet(['run', join(dir, '..', 'b.yaml')], { cwd: dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.github\/uet\.yml \(at [0-9a-f]{12}\): \/policy\/max_files_changed: must be >= 1/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await git(dir, 'for-each-ref', 'refs/heads/uet/')).toBe('');
  });
});
