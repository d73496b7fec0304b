import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTempRepo, git, removeTempDirs } from '../adapters/helpers/temp-repo.js';
import { runUet } from './run-uet.js';

afterAll(removeTempDirs);

// The owner's policy: docs/ only, never infra/. Each attack is one shell step of `uet run`, on real git.
const FILES = { 'README.md': 'hi\n', 'docs/a.md': 'a\n', 'infra/prod.tf': 'resource "x" {}\n', '.github/uet.yml': 'policy:\n  allowed_paths: ["docs/**"]\n  forbidden_paths: ["infra/**"]\n' };

async function attack(command: string) {
  const dir = await createTempRepo(FILES);
  const bundle = join(dir, '..', `${dir.split('/').pop()}.yaml`);
  writeFileSync(bundle, `bundle_id: attack\nworkstreams:\n  - ws_id: code\n    steps:\n      - { step_id: s1, tool_profile_id: shell, context: { command: ${JSON.stringify(command)} } }\n`);
  const r = await runUet(['run', bundle, '--json'], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
  const runId = await git(dir, 'for-each-ref', '--format=%(refname:lstrip=4)', 'refs/heads/uet/run/');
  const events = readFileSync(join(dir, '.uet/runs', runId, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; data: unknown });
  return { dir, r, runId, events, base: await git(dir, 'rev-parse', 'HEAD') };
}

describe('uet run judges the paths git writes, not what the working tree diff shows (issue 14 item 1, locally)', () => {
  it('a step that commits infra/ in its own worktree and leaves only a docs/ change uncommitted is quarantined', async () => {
    const { r, dir, runId, events, base } = await attack(
      'echo evil >> infra/prod.tf && git add infra && git -c user.name=x -c user.email=x@x commit -qm sneak && echo ok > docs/a.md',
    );
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.stringify(events.find((e) => e.type === 'patch_quarantined'))).toMatch(/forbidden_paths[^}]*infra\/prod\.tf/);
    expect(await git(dir, 'rev-parse', `uet/run/${runId}`)).toBe(base);
  });

  it('a step that writes infra/ through a symlink it made under docs/ is quarantined: the link target and the written path', async () => {
    const { r, dir, runId, events, base } = await attack('ln -s ../infra docs/sub && echo evil >> docs/sub/prod.tf');
    expect(r.code, r.stderr).toBe(1);
    const q = JSON.stringify(events.find((e) => e.type === 'patch_quarantined'));
    expect(q).toMatch(/infra\/prod\.tf/);
    expect(q).toMatch(/docs\/sub/);
    expect(await git(dir, 'rev-parse', `uet/run/${runId}`)).toBe(base);
  });

  it('control: a step that stays in docs/ lands', async () => {
    const { r, dir, runId } = await attack('echo ok > docs/a.md');
    expect(r.code, r.stderr).toBe(0);
    expect(await git(dir, 'show', `uet/run/${runId}:docs/a.md`)).toBe('ok');
  });
});
